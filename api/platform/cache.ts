import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

/**
 * The small slice of Redis the API uses. With REDIS_URL it is Redis (shared by replicas);
 * without, an in-process map and event emitter with the same behaviour for one process.
 */
export interface Cache {
  readonly kind: 'redis' | 'memory';
  /** The ioredis client, for stores that speak Redis (the rate limiter). */
  readonly redis?: Redis;
  /**
   * Sets each field of hash `key` whose version is newer than the one recorded for it, atomically
   * (replicas racing on one field cannot leave the older value behind).
   */
  hashSetNewer(key: string, entries: readonly VersionedEntry[]): Promise<void>;
  hashGetAll(key: string): Promise<Record<string, string>>;
  /**
   * Sets `key` to `value` for `ttlSeconds` unless it holds a larger number, atomically (a replica
   * writing what it read a moment ago cannot overwrite a newer value).
   */
  setNewer(key: string, value: number, ttlSeconds: number): Promise<void>;
  /** The number at `key`, undefined when absent or expired. */
  getNumber(key: string): Promise<number | undefined>;
  /** Returns how many subscribers received it (0 lets publishers skip work nobody reads). */
  publish(channel: string, message: string): Promise<number>;
  /** Returns the unsubscribe function. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface VersionedEntry {
  field: string;
  /** Larger is newer (e.g. a timestamp in milliseconds). */
  version: number;
  value: string;
}

// KEYS[1] the hash, KEYS[2] its versions; ARGV field, version, value triples.
const setNewerScript = `
for i = 1, #ARGV, 3 do
  local current = redis.call('HGET', KEYS[2], ARGV[i])
  if not current or tonumber(current) < tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2])
  end
end
return 0`;

const versionsOf = (key: string) => `${key}:versions`;

// KEYS[1] the key; ARGV value, seconds to live.
const setNewerKeyScript = `
local current = redis.call('GET', KEYS[1])
if not current or tonumber(current) < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 0`;

/** Told once when Redis becomes unreachable ('lost') and once when it is back ('back'). */
export type RedisHealthListener = (event: 'lost' | 'back', err?: Error) => void;

export async function connectRedisCache(
  url: string,
  prefix: string,
  onHealth: RedisHealthListener = () => undefined,
): Promise<Cache> {
  // Fail fast while Redis is away: no offline queue (a command errors at once instead of waiting
  // for the reconnect) and a bound on each command, so callers fall back instead of hanging.
  const options = {
    keyPrefix: prefix,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    enableOfflineQueue: false,
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
  const redis = new Redis(url, options);
  // ioredis reports every failed reconnect: pass on only the transitions.
  let healthy = true;
  redis.on('error', (err: Error) => {
    if (healthy) onHealth('lost', err);
    healthy = false;
  });
  redis.on('ready', () => {
    if (!healthy) onHealth('back');
    healthy = true;
  });
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new Error(
      `cannot reach Redis at ${redactUrl(url)} (${(err as Error).message}); start Redis or unset REDIS_URL`,
    );
  }
  let subscriber: Redis | undefined;
  const listeners = new EventEmitter();
  listeners.setMaxListeners(0);
  // Channels are not keys, so ioredis does not prefix them: we do, to keep test runs apart.
  const channelOf = (name: string) => prefix + name;
  return {
    kind: 'redis',
    redis,
    async hashSetNewer(key, entries) {
      if (entries.length === 0) return;
      const args = entries.flatMap((e) => [e.field, String(e.version), e.value]);
      await redis.eval(setNewerScript, 2, key, versionsOf(key), ...args);
    },
    hashGetAll: (key) => redis.hgetall(key),
    async setNewer(key, value, ttlSeconds) {
      await redis.eval(setNewerKeyScript, 1, key, String(value), String(ttlSeconds));
    },
    async getNumber(key) {
      const value = await redis.get(key);
      return value === null ? undefined : Number(value);
    },
    publish: (channel, message) => redis.publish(channelOf(channel), message),
    async subscribe(channel, listener) {
      if (!subscriber) {
        // Subscribing may wait for the connection: this one queues commands until it is up.
        subscriber = redis.duplicate({ enableOfflineQueue: true });
        subscriber.on('error', () => undefined); // reported through the main connection
        subscriber.on('message', (ch: string, message: string) => listeners.emit(ch, message));
      }
      const full = channelOf(channel);
      if (listeners.listenerCount(full) === 0) await subscriber.subscribe(full);
      listeners.on(full, listener);
      return async () => {
        listeners.off(full, listener);
        if (listeners.listenerCount(full) === 0) await subscriber?.unsubscribe(full);
      };
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      subscriber?.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

export function createMemoryCache(): Cache {
  const hashes = new Map<string, Map<string, { version: number; value: string }>>();
  const numbers = new Map<string, { value: number; until: number }>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  return {
    kind: 'memory',
    async hashSetNewer(key, entries) {
      let hash = hashes.get(key);
      if (!hash) hashes.set(key, (hash = new Map()));
      for (const e of entries) {
        const current = hash.get(e.field);
        if (!current || current.version < e.version)
          hash.set(e.field, { version: e.version, value: e.value });
      }
    },
    async hashGetAll(key) {
      return Object.fromEntries([...(hashes.get(key) ?? [])].map(([field, entry]) => [field, entry.value]));
    },
    async setNewer(key, value, ttlSeconds) {
      const current = numbers.get(key);
      if (current && current.until > Date.now() && current.value >= value) return;
      numbers.set(key, { value, until: Date.now() + ttlSeconds * 1000 });
    },
    async getNumber(key) {
      const current = numbers.get(key);
      return current && current.until > Date.now() ? current.value : undefined;
    },
    async publish(channel, message) {
      const receivers = bus.listenerCount(channel);
      bus.emit(channel, message);
      return receivers;
    },
    async subscribe(channel, listener) {
      bus.on(channel, listener);
      return async () => {
        bus.off(channel, listener);
      };
    },
    async ping() {},
    async close() {
      hashes.clear();
      numbers.clear();
      bus.removeAllListeners();
    },
  };
}

export const redactUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');
