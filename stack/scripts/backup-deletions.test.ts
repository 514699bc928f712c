// Every deletion path in the backup scripts refuses a name it did not create. The inventory below
// lists each `rm` of those scripts with the case that covers it, so a new one fails here until it
// is guarded and tested. The Prometheus admin API is stood in for by a small server that answers
// hostile snapshot names a real Prometheus never would: that is the input under test.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../lib/generated.ts';

const scriptsDir = join(repoRoot, 'stack/scripts');
interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}
const run = (file: string, args: string[], env: Record<string, string> = {}): Promise<Ran> =>
  new Promise((resolve) => {
    execFile(file, args, { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
const exists = (path: string) =>
  readdir(path).then(
    () => true,
    () => false,
  );

describe('deletions in the backup scripts', () => {
  it('are only these, each guarded and covered by a case below', () => {
    const files = [
      'backup.sh',
      'restore.sh',
      'restore-pitr.sh',
      'backup-schedule.sh',
      'backup-pgbackrest.sh',
      'pgbackrest.sh',
      'lib/backup-common.sh',
      'lib/backup-metrics.sh',
    ];
    const removals = files.flatMap((file) =>
      readFileSync(join(scriptsDir, file), 'utf8')
        .split('\n')
        .filter((line) => /(^|[\s;'(])(rm|rmdir|unlink|shred)\s/.test(line) || /--delete|--del\b/.test(line))
        .filter((line) => !line.trim().startsWith('#'))
        .map((line) => `${file}: ${line.trim()}`),
    );
    expect(removals).toEqual([
      // The off-site hook is refused when it mirrors deletions (case 4), before any work.
      "backup.sh: mirrors='(--del([a-z-]*)?|--mirror|rclone[[:space:]]+sync)([[:space:]]|$)'",
      // Its own partial folder (named by itself, under BACKUP_DIR), on any exit before the rename.
      `backup.sh: trap 'rm -rf "$work"' EXIT`,
      // The snapshot: refused unless Prometheus' form, new, and a real folder (case 2).
      'backup.sh: rm -rf "${prometheus_data:?}/snapshots/$snapshot"',
      // Plaintext copies inside its own partial folder, once encrypted.
      'backup.sh: rm -f "$f"',
      // Retention: only porttrack-<UTC time> folders with a MANIFEST, never links (case 3).
      'backup.sh: rm -rf "${backup_dir:?}/$old"',
      // Its own mktemp folder.
      `restore.sh: trap 'rm -rf "$tmp"' EXIT`,
    ]);
  });

  describe('with a hostile Prometheus admin API', () => {
    let dir: string;
    let server: Server;
    let url: string;
    let answer: () => string | Promise<string> = () => '';
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pitr-deletions-'));
      server = createServer((req, res) => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/v2/silences') return void res.end('[]');
        void Promise.resolve(answer()).then((name) => res.end(JSON.stringify({ status: 'success', data: { name } })));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    });

    it('refuses every snapshot name it did not ask for, deleting nothing', async () => {
      const data = join(dir, 'prometheus');
      const snapshots = join(data, 'snapshots');
      const earlier = '20260101T000000Z-0123456789abcdef';
      await mkdir(join(snapshots, earlier), { recursive: true });
      await mkdir(join(data, 'wal'), { recursive: true });
      await writeFile(join(data, 'wal', '00000001'), 'the TSDB');
      const outside = join(dir, 'outside');
      await mkdir(outside, { recursive: true });
      await writeFile(join(outside, 'keep'), 'not Prometheus');
      const linked = '20260102T000000Z-fedcba9876543210';
      const cases: Array<[string, () => string | Promise<string>, string]> = [
        ['..', () => '..', "refusing snapshot name '..'"],
        ['../..', () => '../..', "refusing snapshot name '../..'"],
        ['a path', () => '20260101T000000Z-0123456789abcdef/../..', 'refusing snapshot name'],
        ['empty', () => '', "refusing snapshot name ''"],
        ['one that was there before', () => earlier, 'it was there before this backup asked for one'],
        [
          'a link planted as the answer arrives',
          async () => {
            await symlink(outside, join(snapshots, linked));
            return linked;
          },
          'not found as a folder',
        ],
      ];
      for (const [what, name, message] of cases) {
        answer = name;
        const result = await run(join(scriptsDir, 'backup.sh'), ['--parts', 'prometheus'], {
          BACKUP_DIR: join(dir, 'sets'),
          PROMETHEUS_URL: url,
          PROMETHEUS_DATA_DIR: data,
        });
        expect({ what, code: result.code, stderr: result.stderr }).toEqual({
          what,
          code: 1,
          stderr: expect.stringContaining(message),
        });
      }
      expect((await readdir(snapshots)).sort()).toEqual([earlier, linked]);
      expect(await readdir(join(data, 'wal'))).toEqual(['00000001']);
      expect(await readdir(outside)).toEqual(['keep']);
    });

    it('removes past retention only the sets it made', async () => {
      const sets = join(dir, 'retention');
      const made = async (name: string) => {
        await mkdir(join(sets, name), { recursive: true });
        await writeFile(join(sets, name, 'MANIFEST'), 'created 2020-01-01T00:00:00Z\n');
      };
      await made('porttrack-20200101T000000Z'); // a set backup.sh made: removed
      await mkdir(join(sets, 'porttrack-20200102T000000Z'), { recursive: true }); // no MANIFEST
      await made('porttrack-20200103T000000Z-copy'); // another name
      const elsewhere = join(dir, 'elsewhere');
      await made('../elsewhere/porttrack-20200104T000000Z');
      await symlink(join(elsewhere, 'porttrack-20200104T000000Z'), join(sets, 'porttrack-20200104T000000Z'));
      const result = await run(join(scriptsDir, 'backup.sh'), ['--parts', 'alertmanager'], {
        BACKUP_DIR: sets,
        ALERTMANAGER_URL: url,
        BACKUP_KEEP_DAYS: '7',
        BACKUP_KEEP_MIN: '1',
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('retention: removed porttrack-20200101T000000Z');
      for (const refused of ['porttrack-20200102T000000Z', 'porttrack-20200103T000000Z-copy', 'porttrack-20200104T000000Z'])
        expect(result.stderr).toContain(`retention: refusing to remove ${refused}: not a set backup.sh made`);
      const left = (await readdir(sets)).sort();
      expect(left.filter((n) => n.startsWith('porttrack-2020'))).toEqual([
        'porttrack-20200102T000000Z',
        'porttrack-20200103T000000Z-copy',
        'porttrack-20200104T000000Z',
      ]);
      expect(await exists(join(elsewhere, 'porttrack-20200104T000000Z'))).toBe(true);
    });

    it('refuses an off-site hook that mirrors deletions', async () => {
      for (const hook of ['rsync -a --delete "$1" host:/b/', 'rsync -a --delete-after "$1" x', 'rclone sync "$1" remote:b']) {
        const result = await run(join(scriptsDir, 'backup.sh'), ['--parts', 'alertmanager'], {
          BACKUP_DIR: join(dir, 'hook'),
          ALERTMANAGER_URL: url,
          BACKUP_OFFSITE_HOOK: hook,
        });
        expect({ hook, code: result.code, stderr: result.stderr }).toEqual({
          hook,
          code: 1,
          stderr: expect.stringContaining('BACKUP_OFFSITE_HOOK mirrors deletions'),
        });
      }
    });
  });

  it("vm-setup's off-site copy never propagates a deletion or an overwrite", async () => {
    const unit = readFileSync(join(scriptsDir, 'vm-setup.sh'), 'utf8');
    const line = /^ExecStart=\/usr\/bin\/rsync (.+) \/var\/backups\/porttrack\/ \$offsite$/m.exec(unit);
    expect(line, 'the off-site unit runs rsync SOURCE/ $offsite').not.toBeNull();
    const options = line![1]!.split(/\s+/);
    const dir = await mkdtemp(join(tmpdir(), 'pitr-offsite-'));
    try {
      const source = join(dir, 'porttrack');
      const target = join(dir, 'offsite');
      const set = (name: string, content: string) =>
        mkdir(join(source, name), { recursive: true }).then(() => writeFile(join(source, name, 'postgres.dump.enc'), content));
      await set('porttrack-20261201T023000Z', 'monday');
      await set('porttrack-20261202T023000Z', 'tuesday');
      await mkdir(join(source, 'pgbackrest/archive'), { recursive: true });
      await mkdir(join(source, '.porttrack-20261203T023000Z.partial'), { recursive: true });
      await mkdir(target);
      const copy = () => run('rsync', [...options, `${source}/`, `${target}/`]);
      expect((await copy()).code).toBe(0);
      expect((await readdir(target)).sort()).toEqual(['porttrack-20261201T023000Z', 'porttrack-20261202T023000Z']);
      // The backup folder wiped, one set ransomed, a new set made: the off-site copy only gains.
      await rm(join(source, 'porttrack-20261201T023000Z'), { recursive: true });
      await writeFile(join(source, 'porttrack-20261202T023000Z/postgres.dump.enc'), 'ENCRYPTED BY RANSOMWARE');
      await set('porttrack-20261203T023000Z', 'wednesday');
      expect((await copy()).code).toBe(0);
      expect((await readdir(target)).sort()).toEqual([
        'porttrack-20261201T023000Z',
        'porttrack-20261202T023000Z',
        'porttrack-20261203T023000Z',
      ]);
      expect(readFileSync(join(target, 'porttrack-20261202T023000Z/postgres.dump.enc'), 'utf8')).toBe('tuesday');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
