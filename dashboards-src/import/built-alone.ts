import { defineDashboard, type PanelJson } from '../core/definition.ts';
import { row, type PanelSpec } from '../core/panel-spec.ts';

/** A panel as the dashboards' own build makes it (datasource, links...), laid out alone. */
export function builtAlone(spec: PanelSpec): PanelJson {
  const scratch = defineDashboard({
    key: 'api',
    folder: 'Operations',
    description: '',
    rows: [row('', [spec])],
  });
  return scratch.build().panels[1]!;
}
