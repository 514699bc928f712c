import { checkedRounds, spread, type RepeatOptions, type Spread } from './rounds.ts';

/**
 * A comparison with its A/A control, measured the same way.
 *
 * Each round measures three arms: the `subject` (what is judged, e.g. the API with metrics),
 * the `baseline` (what it is compared with, e.g. without metrics) and the `control` (a second,
 * identical baseline). The round's `effect` compares subject with baseline and its `noise`
 * compares control with baseline by the same formula, so `noise` is how big an "effect" the
 * method reports when there is none. The arms run in a rotating order so that no arm always
 * goes first on a machine that warms up or drifts.
 *
 *   const overhead = await compareWithControl({
 *     measure: (arm) => requestsPerSecond(servers[arm]),
 *     compare: (measured, baseline) => (1 - measured / baseline) * 100, // % throughput lost
 *   });
 *   // overhead.effect.median is judged; overhead.noise shows the method's own noise
 */
export type Arm = 'subject' | 'baseline' | 'control';

export interface ControlledComparison {
  subject: Spread;
  baseline: Spread;
  control: Spread;
  /** compare(subject, baseline) per round. */
  effect: Spread;
  /** compare(control, baseline) per round: the A/A control. */
  noise: Spread;
  /** The arm order of each round. */
  orders: Arm[][];
}

export interface CompareOptions extends RepeatOptions {
  /** One measurement of one arm in one round. */
  measure: (arm: Arm, round: number) => Promise<number> | number;
  /** The figure a round reports from a measured arm and the baseline (e.g. a ratio or a % loss). */
  compare: (measured: number, baseline: number) => number;
}

const rotations: Arm[][] = [
  ['baseline', 'subject', 'control'],
  ['subject', 'control', 'baseline'],
  ['control', 'baseline', 'subject'],
];

export async function compareWithControl(options: CompareOptions): Promise<ControlledComparison> {
  const rounds = checkedRounds(options.rounds);
  const values: Record<Arm, number[]> = { subject: [], baseline: [], control: [] };
  const orders: Arm[][] = [];
  for (let round = 0; round < rounds; round++) {
    const order = rotations[round % rotations.length] as Arm[];
    orders.push(order);
    for (const arm of order) {
      const value = await options.measure(arm, round);
      if (!Number.isFinite(value)) throw new Error(`round ${round + 1}, ${arm}: measured ${value}`);
      values[arm].push(value);
    }
    options.progress?.(
      `  round ${round + 1}/${rounds}: ` +
        order.map((arm) => `${arm} ${values[arm][round]?.toPrecision(4)}`).join(', '),
    );
  }
  const perRound = (arm: Arm) => values[arm].map((v, i) => options.compare(v, values.baseline[i] as number));
  return {
    subject: spread(values.subject),
    baseline: spread(values.baseline),
    control: spread(values.control),
    effect: spread(perRound('subject')),
    noise: spread(perRound('control')),
    orders,
  };
}
