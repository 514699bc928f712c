/** How far back the attack gauges look. */
export const loginWatchWindowMs = 10 * 60_000;
/** Bound on tracked addresses and accounts, so a spray of fake ones cannot grow memory. */
const maxTracked = 10_000;

/**
 * Failed logins of the last 10 minutes, seen two ways, for the attack alerts: how many distinct
 * accounts one client address failed on (credential stuffing: many accounts from one place) and
 * how many failures one account took (one account under attack, from anywhere). Per replica;
 * the alerts take the maximum over replicas.
 */
export class LoginWatch {
  private readonly accountsByAddress = new Map<string, Map<string, number>>();
  private readonly failuresByAccount = new Map<string, number[]>();

  failed(email: string, address: string, now = Date.now()): void {
    let accounts = this.accountsByAddress.get(address);
    if (!accounts) accounts = track(this.accountsByAddress, address, new Map());
    accounts.delete(email);
    accounts.set(email, now);
    if (accounts.size > maxTracked) accounts.delete(accounts.keys().next().value as string);
    let times = this.failuresByAccount.get(email);
    if (!times) times = track(this.failuresByAccount, email, []);
    times.push(now);
    if (times.length > maxTracked) times.shift();
  }

  /** Most distinct accounts any one address failed on within the window. */
  maxAccountsPerAddress(now = Date.now()): number {
    let max = 0;
    for (const [address, accounts] of this.accountsByAddress) {
      for (const [email, at] of accounts) if (now - at > loginWatchWindowMs) accounts.delete(email);
      if (accounts.size === 0) this.accountsByAddress.delete(address);
      max = Math.max(max, accounts.size);
    }
    return max;
  }

  /** Most failures any one account took within the window. */
  maxFailuresPerAccount(now = Date.now()): number {
    let max = 0;
    for (const [email, times] of this.failuresByAccount) {
      while (times.length && now - (times[0] as number) > loginWatchWindowMs) times.shift();
      if (times.length === 0) this.failuresByAccount.delete(email);
      max = Math.max(max, times.length);
    }
    return max;
  }
}

/** Adds a new entry, evicting the oldest once the map is full. */
function track<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= maxTracked) map.delete(map.keys().next().value as string);
  map.set(key, value);
  return value;
}
