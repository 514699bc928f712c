import { leafChanges } from '../../lib/json/leaves.ts';
import type { PanelJson } from '../core/definition.ts';
import { spec } from '../core/panel-spec.ts';
import { builtAlone } from './built-alone.ts';
import { literal, pathsLiteral } from './code-values.ts';
import { fallbackBuilder, fallbackImports } from './fallback-panel.ts';
import type { Match } from './panel-match.ts';
import { withProperties } from './ts-text.ts';

/** One panel of the written module. */
export interface PanelCode {
  code: string;
  /** Identifier -> [module specifier, imported name] for what the code may need beyond its own module's imports. */
  imports: Map<string, [string, string]>;
  /** Fields no factory or builder option holds, kept as the call's `changes`. */
  kept: string[];
  how: 'factory' | 'builder';
}

/** Grafana's bookkeeping and what the layout decides: never a panel's own edit. */
const outsideTheCall = ['id', 'gridPos', 'pluginVersion'];
export const comparable = (panel: PanelJson) =>
  Object.fromEntries(Object.entries(panel).filter(([key]) => !outsideTheCall.includes(key)));

const sizeOf = (panel: PanelJson) => ({ w: panel.gridPos?.w ?? 12, h: panel.gridPos?.h ?? 8 });

function options(built: PanelJson, imported: PanelJson): { props: Array<[string, string]>; kept: string[] } {
  const props: Array<[string, string]> = [];
  const [was, now] = [sizeOf(built), sizeOf(imported)];
  if (was.w !== now.w) props.push(['width', literal(now.w)]);
  if (was.h !== now.h) props.push(['height', literal(now.h)]);
  const changes = leafChanges(comparable(built), comparable(imported));
  // A panel without a datasource of its own runs its targets' one, which the build states anyway.
  if (!imported.datasource) changes.delete('datasource');
  if (changes.size) props.push(['changes', pathsLiteral(changes)]);
  return { props, kept: [...changes.keys()] };
}

/** The factory call that builds the panel, with the UI's size and edits set on it. */
export function factoryCode(imported: PanelJson, match: Match): PanelCode | undefined {
  const { props, kept } = options(match.panel.json, imported);
  const code = withProperties(match.panel.code, props);
  if (code === undefined) return undefined;
  const imports = new Map(
    [...match.module.imports].map(([name, from]): [string, [string, string]] => [name, [from, name]]),
  );
  return { code, imports, kept, how: 'factory' };
}

/** A foundation-sdk builder for a panel no factory builds; undefined for a type without one. */
export function builderCode(imported: PanelJson): PanelCode | undefined {
  const builder = fallbackBuilder(imported);
  if (!builder) return undefined;
  const { w, h } = sizeOf(imported);
  const built = builtAlone(spec(builder.value, { width: w, height: h }));
  const { props, kept } = options(built, imported);
  const size: Array<[string, string]> = [
    ['width', literal(w)],
    ['height', literal(h)],
    ...props.filter(([n]) => n === 'changes'),
  ];
  const code = `spec(${builder.code}, { ${size.map(([n, c]) => `${n}: ${c}`).join(', ')} })`;
  const imports = fallbackImports(imported.type);
  imports.set('spec', ['../core/panel-spec.ts', 'spec']);
  return { code, imports, kept, how: 'builder' };
}
