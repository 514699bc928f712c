// A client creating vessels through nginx one after another, as an operator's tool would, and
// logging each write the API acknowledged (201): the swarm test's promotion drill counts them on
// the new primary afterwards and measures the gap in acknowledged writes the loss caused.
import { imoCheckDigit } from '../../api/domain/vessels/identifiers.ts';
import type { HttpsAnswer } from '../../local-swarm/test-stack.ts';

type Post = (
  path: string,
  init: { method: string; headers: Record<string, string>; body: unknown; timeoutMs: number },
) => Promise<HttpsAnswer>;

export interface AcknowledgedWrite {
  mmsi: string;
  /** When the request was sent (ms since the epoch). */
  sentAt: number;
  /** When the 201 arrived (ms since the epoch). */
  at: number;
}

/** An IMO number: the six digits given and their check digit. */
export const imoFrom = (six: string) => `${six}${imoCheckDigit(six)}`;

export class VesselWriter {
  readonly acknowledged: AcknowledgedWrite[] = [];
  failed = 0;
  /** The refused writes by answer: an HTTP status, or "no answer" (a timeout, a cut connection). */
  readonly failures: Record<string, number> = {};
  /** Each refused write: when it was sent, when it failed, and why (as in `failures`). */
  readonly refused: Array<{ sentAt: number; at: number; why: string }> = [];
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(post: Post, headers: Record<string, string>, name: string) {
    // A block of MMSIs of its own: 2xxxxxxxx plus a sequence number.
    const base = 200_000_000 + Math.floor(Math.random() * 90_000) * 1000;
    this.done = (async () => {
      for (let i = 0; !this.stopped; i++) {
        const mmsi = String(base + i);
        const sentAt = Date.now();
        const answer = await post('/api/v1/vessels', {
          method: 'POST',
          headers,
          timeoutMs: 5000,
          body: {
            mmsi,
            imo: imoFrom(mmsi.slice(-6)),
            name,
            type: 'bulk',
            flag: 'ES',
            gross_tonnage: 9000,
            length_m: 120,
          },
        }).catch(() => undefined);
        if (answer?.status === 201) this.acknowledged.push({ mmsi, sentAt, at: Date.now() });
        else {
          this.failed++;
          const why = answer ? String(answer.status) : 'no answer';
          this.failures[why] = (this.failures[why] ?? 0) + 1;
          this.refused.push({ sentAt, at: Date.now(), why });
          // The API is down or reconnecting: don't spin on it.
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    })();
  }

  /** Acknowledged writes after `since` (ms since the epoch). */
  acknowledgedAfter(since: number) {
    return this.acknowledged.filter((w) => w.at > since).length;
  }

  /** The longest time between two acknowledged writes: its length and its ends (ms since the epoch). */
  longestGap() {
    let gap = { ms: 0, from: 0, to: 0 };
    for (let i = 1; i < this.acknowledged.length; i++) {
      const [from, to] = [this.acknowledged[i - 1]!.at, this.acknowledged[i]!.at];
      if (to - from > gap.ms) gap = { ms: to - from, from, to };
    }
    return gap;
  }

  async stop() {
    this.stopped = true;
    await this.done;
  }
}
