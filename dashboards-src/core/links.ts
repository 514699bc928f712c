import { type DashboardRef, dashboards } from '../../lib/monitoring/index.ts';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import { type DashboardLink, DashboardLinkBuilder } from '@grafana/grafana-foundation-sdk/dashboard';

/** `/d/<uid>` or `/d/<uid>?viewPanel=<id>`: the same form the notifier links to. */
export function dashboardUrl(ref: DashboardRef): string {
  const base = `/d/${dashboards[ref.dashboard].uid}`;
  return ref.panelId === undefined ? base : `${base}?viewPanel=${ref.panelId}`;
}

/** Panel-header links to other dashboards (or one of their panels), keeping the time range. */
export function panelLinks(refs: readonly DashboardRef[]): Builder<DashboardLink>[] {
  return refs.map((ref) =>
    new DashboardLinkBuilder(
      `${dashboards[ref.dashboard].title}${ref.panelId === undefined ? '' : ' (panel)'}`,
    ).url(`${dashboardUrl(ref)}${ref.panelId === undefined ? '?' : '&'}\${__url_time_range}`),
  );
}
