import { untilAbandoned, type Queryable } from './db.ts';
import { outsideRequests } from './request-scope.ts';
import { SharedReads } from './shared-reads.ts';

interface Kept {
  /** The counter's value when the answer was made (read before and after making it). */
  version: number;
  /** The answer as UTF-8 bytes: sent as they are, never encoded again. */
  json: Buffer;
}

/**
 * Answers kept as JSON text in this replica, each valid while a database change counter
 * (`change_counters`, migrations 0005 and 0006: every statement that changes the table sets it to
 * a fresh random value in its own transaction) still reads what it read before the answer was
 * made. Every request reads the counter (one primary-key lookup): a write committed by any
 * replica, a psql session or the seed is seen by the next request everywhere, as it was without
 * the cache.
 *
 * A counter value names one state of the table in one history. It is a fresh random value of 52
 * bits, not a count: values are compared for equality only, never ordered. When the database is
 * rewound under the running replica (a point-in-time restore, the promotion of an asynchronous
 * standby that had not received the last writes, a dump restored over it), the counter reads the
 * value of the state the database came back to, whose rows are those the answers kept under that
 * value were made from, or, after the next write, a value never drawn before (two draws are equal
 * with a chance of 2^-52). A count would go back to numbers this replica holds answers for, made
 * from the writes the database lost. So no replica needs restarting after a restore because of
 * what it keeps.
 *
 * An answer is kept under value v only when it was made from the state v names: the counter is
 * read before the answer is made (v), and once more after it is made. If a write committed in
 * between, that second read finds another value and the answer is not kept (its own request still
 * gets it: made after the request arrived, it holds at least every change up to v). Without the
 * second read, an answer showing a write committed just after the first read would be kept under
 * v, and a database rewound to just before that write reads v again. In one history the second
 * read is not needed for a hit to be right (a value never comes back), and it costs a round trip
 * only when an answer is made.
 *
 * Requests that ask at the same time share one counter read (shared-reads.ts): each gets a read
 * sent after it asked (for the second read: after its answer was made), so the rules above hold
 * for every one of them, and under load the counter costs one round trip per batch of requests
 * instead of one each.
 *
 * Bounded by the bytes kept (`maxBytes`), the least recently made answers going first.
 */
export class VersionedAnswers {
  private readonly kept = new Map<string, Kept>();
  private bytes = 0;
  private readonly read: string;
  /** Per database (one in the API): the counter read that concurrent requests share. */
  private readonly versions = new SharedReads<Queryable, number | undefined>((q) =>
    // Not under any one request's signal: the others wait on it too. Each leaves on its own.
    outsideRequests(
      async () => (await q.query<{ version: number }>('change_counters.read', this.read))[0]?.version,
    ),
  );

  constructor(
    counter: string,
    private readonly maxBytes = 8 * 1024 * 1024,
  ) {
    if (!/^[a-z_ ]+$/.test(counter)) throw new Error(`counter names are lower-case words: ${counter}`);
    // The name is in the text, not a parameter: a statement without parameters goes as one simple
    // Query message (pg's extended protocol takes five and their answers), on every request.
    this.read = `SELECT version FROM change_counters WHERE name = '${counter}'`;
  }

  /**
   * The answer for `key` as UTF-8 bytes: the one kept, when made at the counter's current version;
   * otherwise the text `make` writes now, kept when the counter still reads the same afterwards
   * (never when undefined: a missing row is asked for again).
   */
  async get(
    q: Queryable,
    key: string,
    make: (q: Queryable) => Promise<string | undefined>,
  ): Promise<Buffer | undefined> {
    const version = await untilAbandoned(() => this.versions.get(q));
    const kept = this.kept.get(key);
    if (kept && kept.version === version) return kept.json;
    const text = await make(q);
    if (text === undefined) return undefined;
    const json = Buffer.from(text);
    // Made from the state `version` names only if nothing was committed since it was read.
    if (version !== undefined && (await untilAbandoned(() => this.versions.get(q))) === version)
      this.keep(key, { version, json });
    return json;
  }

  /**
   * Replaces the answer kept for `key`, whatever the versions: values have no order (a value
   * greater than another says nothing of which came first). The second read in `get` already
   * keeps out an answer whose state has changed since; one put back over a newer answer anyway
   * would only cost the next request a miss, never a wrong answer.
   */
  private keep(key: string, answer: Kept): void {
    this.drop(key);
    this.kept.set(key, answer);
    this.bytes += answer.json.length;
    for (const oldest of this.kept.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const kept = this.kept.get(key);
    if (!kept) return;
    this.bytes -= kept.json.length;
    this.kept.delete(key);
  }
}
