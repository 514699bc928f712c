import { untilAbandoned, type Queryable } from './db.ts';
import { outsideRequests } from './request-scope.ts';
import { SharedReads } from './shared-reads.ts';

interface Kept {
  version: number;
  /** The answer as UTF-8 bytes: sent as they are, never encoded again. */
  json: Buffer;
}

/**
 * Answers kept as JSON text in this replica, each valid while a database change counter
 * (`change_counters`, migration 0005: every statement that changes the table moves it in its own
 * transaction) still reads what it read before the answer was made. Every request reads the
 * counter (one primary-key lookup): a write committed by any replica, a psql session or the seed
 * is seen by the next request everywhere, as it was without the cache.
 *
 * Why reading the counter first is enough: the answer is made after the read, so it holds at
 * least every change up to that version; when a later read finds the same version, nothing was
 * committed since, so the answer is exactly the current one. A change committed in between moved
 * the counter, so the answer is never served under a version it does not show.
 *
 * Requests that ask at the same time share one counter read (shared-reads.ts): each gets a read
 * sent after it asked, so the rule above holds for every one of them, and under load the counter
 * costs one round trip per batch of requests instead of one each.
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
   * otherwise the text `make` writes now (kept, unless undefined: a missing row is asked for again).
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
    if (version !== undefined) this.keep(key, { version, json });
    return json;
  }

  private keep(key: string, answer: Kept): void {
    const previous = this.kept.get(key);
    // A request that read an older version and finished later does not replace a newer answer.
    if (previous && previous.version > answer.version) return;
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
