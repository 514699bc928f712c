import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { repoRoot } from '../../lib/generated.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
}

export interface ProfileEntry {
  name: string;
  /** Share of all samples spent in this function itself (not its callees), percent. */
  self_pct: number;
}

/** Where a frame's code lives: our source, a package, Node's internals, or V8 itself. */
function locate(url: string): string {
  if (!url) return '';
  if (url.startsWith('node:')) return url;
  const path = url.replace(/^file:\/\//, '');
  const pkg = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  return pkg ? (pkg[1] as string) : relative(repoRoot, path);
}

/**
 * The top self-time entries of a `node --cpu-prof` profile, by function and file, and the same by
 * where the code lives (our files, each package, node: internals, GC), as shares of all samples.
 */
export async function summariseProfile(file: string, top = 15) {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length || 1;
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const [id, count] of hits) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const place = locate(frame.url) || frame.functionName || '(anonymous)';
    const name = frame.url
      ? `${frame.functionName || '(anonymous)'} ${place}:${frame.lineNumber + 1}`
      : frame.functionName || '(anonymous)';
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
    byPlace.set(place, (byPlace.get(place) ?? 0) + count);
  }
  const ranked = (m: Map<string, number>): ProfileEntry[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, count]) => ({ name, self_pct: Math.round((count / total) * 1000) / 10 }));
  return { samples: total, functions: ranked(byFunction), places: ranked(byPlace) };
}
