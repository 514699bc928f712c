// The public address as a keepalived virtual IP, for real: two nginx nodes (network namespaces
// on the bridge ptka-br0, keepalived-lab.ts) with the config keepalived-config.sh renders, a
// client on the host at 20 requests/s through the address, and the gap a user sees when the node
// holding it is lost (three times, each way) or when its nginx alone dies (track_script).
// Needs root (namespaces, links); runbooks/SCALING.md quotes the gaps it prints.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBridge,
  keepalivedLog,
  killNginx,
  type LabNode,
  loseNode,
  nodes,
  removeLab,
  type RunningNode,
  startNginx,
  startNode,
  vip,
  vipHolders,
} from './keepalived-lab.ts';
import { waitFor } from '../../lib/testing/wait.ts';
import { gapAfter, getPage, SteadyClient } from './vip-client.ts';
import { setTimeout as sleep } from 'node:timers/promises';

const root = process.getuid?.() === 0;
// A backup takes over after 3 missed adverts (advert_int 1) plus its skew, (256 - 100) / 256 s:
// 3.6 s; nginx's death is seen after 2 failed checks 1 s apart, then the peer waits its skew.
// The bound is issue 19's for the public address's gap, 10 s: CI runs this beside the rest of
// the suite on two cores (load averages of 10-20), where timers and the client slip; the gaps
// it prints are the figure.
const gapBoundMs = 10_000;

/** The measurements, on the run's output (the guide and the commits quote them). */
const report = (line: string) => process.stdout.write(`${line}\n`);
const names = (list: LabNode[]) => list.map((n) => n.name).join(',') || 'none';

/** Polls until exactly one node holds the address and keeps it for `stableMs` (two adverts). */
async function stableHolder(deadlineMs: number, stableMs = 2000): Promise<LabNode> {
  const end = Date.now() + deadlineMs;
  let seen = '';
  let since = Date.now();
  for (;;) {
    const holders = vipHolders();
    const now = names(holders);
    if (now !== seen) [seen, since] = [now, Date.now()];
    const [only] = holders;
    if (only && holders.length === 1 && Date.now() - since >= stableMs) return only;
    if (Date.now() > end)
      throw new Error(`the address is not on exactly one node for ${stableMs} ms: held by ${now}`);
    await sleep(100);
  }
}

/** Polls the node's keepalived log, from `mark` on, for a line; on failure shows how the log ends. */
async function logShows(running: RunningNode, text: string, mark: number, deadlineMs: number) {
  const logged = () => keepalivedLog(running).slice(mark);
  try {
    await waitFor(
      () => logged().includes(text),
      `${running.node.name}'s keepalived to log "${text}"`,
      deadlineMs,
      100,
    );
  } catch (error) {
    const tail = logged().split('\n').slice(-15).join('\n');
    throw new Error(`${(error as Error).message}; its log ends:\n${tail}`);
  }
}

const other = (node: LabNode) => nodes.find((n) => n !== node)!;

describe.skipIf(!root)('the public address as a keepalived virtual IP (two nginx nodes)', () => {
  let base = '';
  const running = new Map<string, RunningNode>();

  beforeAll(() => {
    removeLab(); // a crashed run's leftovers
    base = mkdtempSync(join(tmpdir(), 'ptka-'));
    createBridge();
    for (const node of nodes) running.set(node.name, startNode(base, node));
  });
  afterAll(() => {
    removeLab();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  /** Runs the client over `failure` and returns the gap the survivor closed. */
  async function measure(holder: LabNode, failure: () => void) {
    const client = new SteadyClient(vip);
    client.start();
    try {
      expect(
        await client.firstAnswerFrom(holder.name, 0, 5000),
        `${holder.name} answers first`,
      ).toBeDefined();
      const lostAt = Date.now();
      failure();
      const survivor = other(holder);
      const first = await client.firstAnswerFrom(survivor.name, lostAt, 15_000);
      expect(first, `${survivor.name} answers through ${vip} after ${holder.name} failed`).toBeDefined();
      await sleep(200); // the requests in flight when it answered
      await client.stop();
      expect(vipHolders().map((n) => n.name)).toEqual([survivor.name]);
      return gapAfter(client.answers, lostAt, survivor.name);
    } finally {
      await client.stop();
    }
  }

  it('lands on exactly one node, and the host reaches that node through it', async () => {
    const holder = await stableHolder(20_000);
    expect(await getPage(vip)).toBe(holder.name);
  }, 30_000);

  it('moves to the other node when the one holding it is lost, and stays there when it returns (nopreempt)', async () => {
    const gaps: string[] = [];
    for (let cycle = 1; cycle <= 3; cycle++) {
      const holder = await stableHolder(10_000, 0);
      const { gapMs, failed } = await measure(holder, () => loseNode(holder));
      gaps.push(`cycle ${cycle} ${holder.name} lost: ${gapMs} ms, ${failed} failed`);
      report(`keepalived VIP, node loss, ${new Date().toISOString()}: ${gaps.at(-1)}`);
      expect(gapMs).toBeLessThanOrEqual(gapBoundMs);
      // Faster than 2 missed adverts would mean the node said goodbye: not a machine lost.
      expect(gapMs).toBeGreaterThanOrEqual(2000);
      // The lost machine boots again: it joins as BACKUP and leaves the address where it is.
      const back = running.get(holder.name)!;
      const mark = keepalivedLog(back).length;
      running.set(holder.name, startNode(base, holder));
      await logShows(running.get(holder.name)!, 'Entering BACKUP STATE', mark, 15_000);
      // Longer than a backup waits for adverts (3.6 s): it hears the master, no split brain.
      expect((await stableHolder(10_000, 4000)).name).toBe(other(holder).name);
    }
    report(`keepalived VIP, node loss gaps: ${gaps.join('; ')}`);
  }, 120_000);

  it('moves when nginx alone dies (track_script puts its node in FAULT) and stays when nginx is back', async () => {
    const holder = await stableHolder(10_000, 0);
    const node = running.get(holder.name)!;
    const mark = keepalivedLog(node).length;
    const { gapMs, failed } = await measure(holder, () => killNginx(holder));
    report(
      `keepalived VIP, nginx death on ${holder.name}, ${new Date().toISOString()}: ${gapMs} ms, ${failed} failed`,
    );
    expect(gapMs).toBeLessThanOrEqual(gapBoundMs);
    await logShows(node, 'Entering FAULT STATE', mark, 5000);
    const faultMark = keepalivedLog(node).length;
    startNginx(node);
    await logShows(node, 'Entering BACKUP STATE', faultMark, 15_000);
    expect((await stableHolder(10_000, 4000)).name).toBe(other(holder).name);
  }, 60_000);
});
