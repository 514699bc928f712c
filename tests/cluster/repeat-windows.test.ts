import { describe, expect, it } from 'vitest';
import { defaultRepeatIntervalMs, receivers } from '../../notifier/config.ts';
import { alertmanagerConfig, stackAlertmanagerOptions } from '../../rules/routing/alertmanager-config.ts';

interface Route {
  receiver?: string;
  repeat_interval?: string;
  routes?: Route[];
}

const ms = (duration: string) => {
  const match = /^(\d+)(ms|s|m|h)$/.exec(duration);
  if (!match) throw new Error(`unexpected duration ${duration}`);
  return Number(match[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
};

// The notifier tells a reminder from a peer's late copy by the receiver's repeat_interval: its
// defaults must be what the generated routing asks Alertmanager for, on every route to a receiver.
describe("the notifier's reminder windows", () => {
  it('equal the repeat_interval of every route to each receiver in the generated routing', () => {
    const found: Record<string, Set<number>> = {};
    const walk = (route: Route, inherited: string) => {
      const repeat = route.repeat_interval ?? inherited;
      if (route.receiver) (found[route.receiver] ??= new Set()).add(ms(repeat));
      for (const child of route.routes ?? []) walk(child, repeat);
    };
    const { route } = alertmanagerConfig(stackAlertmanagerOptions) as { route: Route };
    walk(route, route.repeat_interval!);
    for (const receiver of receivers)
      expect({ receiver, windows: [...(found[receiver] ?? [])] }).toEqual({
        receiver,
        windows: [defaultRepeatIntervalMs[receiver]],
      });
  });
});
