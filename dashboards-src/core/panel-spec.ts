import type { DashboardRef } from '../../lib/monitoring/index.ts';
import type { Builder } from '@grafana/grafana-foundation-sdk/cog';
import type { DashboardLink, GridPos, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { panelLinks } from './links.ts';
import { type PanelChanges, withChanges } from './panel-changes.ts';

/** What every SDK panel builder offers that the layout needs. */
export interface PanelBuilderLike extends Builder<Panel> {
  id(id: number): unknown;
  gridPos(gridPos: GridPos): unknown;
  links(links: Builder<DashboardLink>[]): unknown;
}

/**
 * Why a panel (or some of its targets) shows nothing on a healthy system, and the drill that
 * makes it show something. The live check reports these apart from real gaps.
 */
export interface EmptyWhenHealthy {
  drill: string;
  /** Only these targets; all of the panel's when omitted. */
  refIds?: readonly string[];
}

/** A panel as the dashboards compose it: the builder plus its size and identity. */
export interface PanelSpec {
  builder: PanelBuilderLike;
  width: number;
  height: number;
  /** Reserved id from lib/monitoring/dashboards.ts (alerts link to it); otherwise the layout assigns one. */
  id?: number;
  emptyWhenHealthy?: EmptyWhenHealthy;
}

export interface PanelSize {
  width?: number;
  height?: number;
  id?: number;
  emptyWhenHealthy?: EmptyWhenHealthy;
  /** Links in the panel header to the dashboards (or panels) that explain the number. */
  links?: readonly DashboardRef[];
  /** UI edits kept as JSON leaf paths (`npm run dashboards:import` writes them; see panel-changes.ts). */
  changes?: PanelChanges;
}

export function spec(builder: PanelBuilderLike, size: PanelSize = {}): PanelSpec {
  const result: PanelSpec = { builder, width: size.width ?? 12, height: size.height ?? 8 };
  if (size.id !== undefined) result.id = size.id;
  if (size.emptyWhenHealthy) result.emptyWhenHealthy = size.emptyWhenHealthy;
  if (size.links?.length) builder.links(panelLinks(size.links));
  if (size.changes && Object.keys(size.changes).length) result.builder = withChanges(builder, size.changes);
  return result;
}

/** A titled row of panels, laid out left to right and wrapped at the grid's 24 columns. */
export interface RowSpec {
  title: string;
  panels: readonly PanelSpec[];
}

export const row = (title: string, panels: readonly PanelSpec[]): RowSpec => ({ title, panels });
