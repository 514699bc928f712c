import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardModel } from '../../lib/grafana/export.ts';
import { exportedDashboards } from './exported-dir.ts';
import { driftReport } from './drift.ts';

const root = join(import.meta.dirname, '../..');
const generatedDir = join(root, 'stack/grafana/dashboards');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

/** `npm run dashboards:drift -- target` as a child process: its exit code and output. */
async function drift(target: string, env: NodeJS.ProcessEnv = {}) {
  const {
    GRAFANA_USER: _u,
    GRAFANA_PASSWORD: _p,
    GRAFANA_USER_FILE: _uf,
    GRAFANA_PASSWORD_FILE: _pf,
    ...rest
  } = process.env;
  return promisify(execFile)(process.execPath, [tsx, join(root, 'plan/drift/main.ts'), target], {
    cwd: root,
    env: { ...rest, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

type Edited = Omit<DashboardModel, 'panels'> & {
  panels: Array<{
    title: string;
    gridPos: { w: number };
    targets: Array<{ expr: string }>;
    fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } };
    pluginVersion?: string;
  }>;
};

/** The API dashboard as Grafana would serve it after an edit in its UI (plus its own bookkeeping). */
function editedApi(generated: DashboardModel[]): DashboardModel {
  const api = structuredClone(generated.find((d) => d.uid === 'porttrack-api')) as Edited;
  const errors = api.panels.find((p) => p.title === 'Error rate by endpoint')!;
  errors.fieldConfig.defaults.thresholds.steps[1]!.value = 0.1;
  errors.targets[0]!.expr = `${errors.targets[0]!.expr} > 0`;
  errors.gridPos.w = 24;
  for (const panel of api.panels) panel.pluginVersion = '11.3.0';
  return { ...api, id: 12, version: 7, schemaVersion: 41 } as unknown as DashboardModel;
}

let generated: DashboardModel[];
let dir: string;
beforeAll(async () => {
  generated = await exportedDashboards(generatedDir);
  dir = await mkdtemp(join(tmpdir(), 'wt_import_drift-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('dashboards:drift against exported JSON files', () => {
  it('reports nothing for the generated dashboards, and a UI edit as that panel alone', () => {
    expect(generated).toHaveLength(6);
    expect(driftReport(generated, generated)).toEqual([]);
    const found = generated.map((d) => (d.uid === 'porttrack-api' ? editedApi(generated) : d));
    const report = driftReport(generated, found).join('\n');
    expect(report).toContain('#### API Performance (porttrack-api)');
    const rows = report.split('\n').filter((l) => l.startsWith('| `') || l.startsWith('|  |'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| `Error rate by endpoint` \| query \|.*\| .* > 0` \|$/);
    expect(rows[1]).toBe('|  | thresholds | `base green, 0.05 red` | `base green, 0.1 red` |');
    expect(rows[2]).toBe('|  | width | 12 | 24 |');
  });

  it('exits 0 on a directory of unchanged exports, 1 with the report on drift, 2 on what is not a dashboard', async () => {
    await cp(generatedDir, join(dir, 'same'), { recursive: true });
    const same = await drift(join(dir, 'same'));
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/no drift: 6 dashboards/);
    await cp(generatedDir, join(dir, 'edited'), { recursive: true });
    const file = join(dir, 'edited/Operations/porttrack-api.json');
    const wrapped = { dashboard: editedApi(generated), meta: { folderTitle: 'Operations' } };
    await writeFile(file, JSON.stringify(wrapped));
    const edited = await drift(join(dir, 'edited'));
    expect(edited.code).toBe(1);
    expect(edited.stdout).toContain('|  | thresholds | `base green, 0.05 red` | `base green, 0.1 red` |');
    await writeFile(file, '{"not": "a dashboard"}');
    const bad = await drift(join(dir, 'edited'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^dashboards:drift: .*porttrack-api\.json is not a Grafana dashboard/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('dashboards:drift against a server speaking Grafana’s HTTP API', () => {
  let server: Server;
  let url: string;
  const served = new Map<string, DashboardModel>();
  const auth = `Basic ${Buffer.from('drift:s3cret').toString('base64')}`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== auth) return send(401, { message: 'Unauthorized' });
      const path = new URL(req.url!, 'http://x');
      if (path.pathname === '/api/search' && path.searchParams.get('type') === 'dash-db')
        return send(
          200,
          [...served.values()].map((d, i) => ({ id: i + 1, uid: d.uid, title: d.title, type: 'dash-db' })),
        );
      const uid = /^\/api\/dashboards\/uid\/([^/]+)$/.exec(path.pathname)?.[1];
      const dashboard = uid && served.get(decodeURIComponent(uid));
      if (dashboard) return send(200, { dashboard, meta: { folderTitle: 'General', slug: uid } });
      send(404, { message: 'Dashboard not found' });
    });
    // The import helper's ports: 21000-21999.
    for (let port = 21000 + (process.pid % 900); ; port++) {
      const ok = await new Promise<boolean>((resolve) => {
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (ok) {
        url = `http://127.0.0.1:${port}`;
        break;
      }
      if (port >= 21999) throw new Error('no free port in 21000-21999');
    }
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('finds the edit through /api/search and /api/dashboards/uid, with basic auth from *_FILE; none once it is undone; 2 without credentials', async () => {
    for (const d of generated) served.set(d.uid, d);
    served.set('porttrack-api', editedApi(generated));
    const password = join(dir, 'password');
    await writeFile(password, 's3cret\n');
    const env = { GRAFANA_USER: 'drift', GRAFANA_PASSWORD_FILE: password };
    const found = await drift(url, env);
    expect(found.code).toBe(1);
    expect(found.stdout).toContain(`against Grafana at ${url} (after)`);
    expect(found.stdout).toContain('|  | width | 12 | 24 |');
    served.set(
      'porttrack-api',
      generated.find((d) => d.uid === 'porttrack-api')!,
    );
    const none = await drift(url, env);
    expect(none).toMatchObject({ code: 0 });
    expect(none.stdout).toMatch(/no drift: 6 dashboards in Grafana at/);
    served.delete('porttrack-slo');
    const missing = await drift(url, env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('- removed `SLOs` (porttrack-slo)');
    const refused = await drift(url);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'dashboards:drift: Grafana answered 401 to /api/search: set GRAFANA_USER and GRAFANA_PASSWORD (or *_FILE)',
    );
    expect(JSON.parse(await readFile(join(generatedDir, 'Operations/porttrack-api.json'), 'utf8')).uid).toBe(
      'porttrack-api',
    );
  }, 90_000);
});
