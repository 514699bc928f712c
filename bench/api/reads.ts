import { spread, type Spread } from '../lib/rounds.ts';
import { cpuRun, type Target } from './cpu-run.ts';

export interface Endpoint {
  name: string;
  path: string;
  /** The API process that answers it; `api` when absent (bench/api/compare.ts measures two). */
  target?: Target;
}

export interface EndpointFigures {
  name: string;
  path: string;
  cpu_us_per_request: Spread;
  /** CPU per request divided by the bare handler's in the same round. */
  ratio_to_bare: Spread;
  rps: Spread;
  p99_ms: Spread;
}

export interface ReadFigures {
  bare: { cpu_us_per_request: Spread; rps: Spread };
  /** A/A control: a second, identical bare handler divided by the first, per round (1.0 = no noise). */
  bare_control_ratio: Spread;
  endpoints: EndpointFigures[];
}

/**
 * Every round measures the bare handler, its A/A twin and each endpoint once, in an order that
 * rotates from round to round (so no one always runs first on a machine that drifts), and divides
 * each endpoint's CPU per request by the bare handler's of the same round.
 */
export async function measureReads(options: {
  bare: Target;
  bareControl: Target;
  api: Target;
  endpoints: readonly Endpoint[];
  headers: Record<string, string>;
  rounds: number;
  durationS: number;
  connections: number;
  progress: (message: string) => void;
}): Promise<ReadFigures> {
  type Job = { key: string; target: Target; path: string; headers: Record<string, string> };
  const jobs: Job[] = [
    { key: 'bare', target: options.bare, path: '/', headers: {} },
    { key: 'bare-control', target: options.bareControl, path: '/', headers: {} },
    ...options.endpoints.map((e) => ({
      key: e.name,
      target: e.target ?? options.api,
      path: e.path,
      headers: options.headers,
    })),
  ];
  const cpu = new Map<string, number[]>(jobs.map((j) => [j.key, []]));
  const rps = new Map<string, number[]>(jobs.map((j) => [j.key, []]));
  const p99 = new Map<string, number[]>(jobs.map((j) => [j.key, []]));
  for (let round = 0; round < options.rounds; round++) {
    const shift = round % jobs.length;
    const order = [...jobs.slice(shift), ...jobs.slice(0, shift)];
    for (const job of order) {
      const run = await cpuRun(job.target, job.path, job.headers, options.connections, options.durationS);
      cpu.get(job.key)!.push(run.cpu_us_per_request);
      rps.get(job.key)!.push(run.load.rps);
      p99.get(job.key)!.push(run.load.p99_ms);
    }
    const bare = cpu.get('bare')![round]!;
    options.progress(
      `  round ${round + 1}/${options.rounds}: bare ${bare.toFixed(0)} us/req; ` +
        options.endpoints.map((e) => `${e.name} ${(cpu.get(e.name)![round]! / bare).toFixed(2)}x`).join(', '),
    );
  }
  const bareCpu = cpu.get('bare')!;
  const ratios = (key: string) => cpu.get(key)!.map((v, i) => v / bareCpu[i]!);
  return {
    bare: { cpu_us_per_request: spread(bareCpu), rps: spread(rps.get('bare')!) },
    bare_control_ratio: spread(ratios('bare-control')),
    endpoints: options.endpoints.map((e) => ({
      name: e.name,
      path: e.path,
      cpu_us_per_request: spread(cpu.get(e.name)!),
      ratio_to_bare: spread(ratios(e.name)),
      rps: spread(rps.get(e.name)!),
      p99_ms: spread(p99.get(e.name)!),
    })),
  };
}
