/**
 * One read per key shared by every caller that asked before it started: concurrent requests make
 * one round trip instead of one each, and no caller gets an answer older than its own call.
 *
 * The promise: the read a caller gets was sent after the caller asked. A read already under way
 * when a caller asks may have been sent before a write that the caller's client saw committed
 * (through another replica, say), so the caller does not join it: it waits for the next read,
 * which starts as soon as the one under way has ended and serves everyone who asked in between.
 * A failed read fails every caller that shared it (each would have met the same failure).
 *
 * At most two reads per key exist at a time (the one under way and the next); both are forgotten
 * when they settle, so the maps hold only keys being read.
 */
export class SharedReads<K, V> {
  private readonly running = new Map<K, Read<V>>();
  private readonly next = new Map<K, Promise<V>>();

  constructor(private readonly read: (key: K) => Promise<V>) {}

  get(key: K): Promise<V> {
    const next = this.next.get(key);
    if (next) return next;
    const running = this.running.get(key);
    if (!running) return this.start(key);
    // Not sent yet (it starts on the next microtask): this caller asked before it, so it may join.
    if (!running.started) return running.answer;
    const queued = running.answer.then(settled, settled).then(() => {
      this.next.delete(key);
      return this.start(key);
    });
    this.next.set(key, queued);
    return queued;
  }

  /** Keys with a read under way or waiting (for the tests: nothing stays behind). */
  get size(): number {
    return new Set([...this.running.keys(), ...this.next.keys()]).size;
  }

  private start(key: K): Promise<V> {
    const read: Read<V> = {
      started: false,
      answer: Promise.resolve().then(() => {
        read.started = true;
        return this.read(key);
      }),
    };
    this.running.set(key, read);
    const forget = () => {
      if (this.running.get(key) === read) this.running.delete(key);
    };
    read.answer.then(forget, forget);
    return read.answer;
  }
}

interface Read<V> {
  /** Whether `read` was called: from then on a caller cannot know the read was sent after it asked. */
  started: boolean;
  answer: Promise<V>;
}

const settled = () => undefined;
