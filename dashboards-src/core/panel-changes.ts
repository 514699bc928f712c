import { setLeaf } from '../../lib/json/leaves.ts';
import type { PanelBuilderLike } from './panel-spec.ts';

/**
 * Edits made to a panel in Grafana's UI that no factory option expresses, as leaf paths of the
 * panel's JSON (`'fieldConfig.defaults.thresholds.steps[2].value': 3`; `undefined` removes the
 * field). `npm run dashboards:import` writes them; fold them into the factory when they should last.
 */
export type PanelChanges = Readonly<Record<string, unknown>>;

/** The builder, whose built panel then carries `changes`. */
export function withChanges(builder: PanelBuilderLike, changes: PanelChanges): PanelBuilderLike {
  return {
    id: (id) => builder.id(id),
    gridPos: (gridPos) => builder.gridPos(gridPos),
    links: (links) => builder.links(links),
    build() {
      const panel = JSON.parse(JSON.stringify(builder.build())) as Record<string, unknown>;
      for (const [path, value] of Object.entries(changes)) setLeaf(panel, path, value);
      return panel as unknown as ReturnType<PanelBuilderLike['build']>;
    },
  };
}
