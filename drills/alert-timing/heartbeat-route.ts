import { dump, load } from 'js-yaml';

interface Route {
  receiver?: string;
  group_interval?: string;
  repeat_interval?: string;
  routes?: Route[];
}

/** Seconds between Watchdog heartbeats in the e2e run (production: the route's 5 minutes). */
export const heartbeatSeconds = 2;

/**
 * The generated routing with the `deadman` route's group and repeat intervals shortened, so the
 * Watchdog heartbeat reaches the notifier every few seconds instead of every 5 minutes. Only
 * timing changes, like the root intervals the routing renderer already takes.
 */
export function fastHeartbeat(yaml: string): string {
  const config = load(yaml) as { route: Route };
  const route = config.route.routes?.find((r) => r.receiver === 'deadman');
  if (!route) throw new Error('the generated routing has no route to the deadman receiver');
  route.group_interval = `${heartbeatSeconds}s`;
  route.repeat_interval = `${heartbeatSeconds}s`;
  return dump(config, { lineWidth: -1, noRefs: true });
}
