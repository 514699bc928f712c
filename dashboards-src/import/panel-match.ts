import type { PanelJson } from '../core/definition.ts';
import type { SourceModule, SourcePanel } from './source-modules.ts';
import { identifiers, parse } from './ts-text.ts';

export interface Match {
  panel: SourcePanel;
  module: SourceModule;
}

/**
 * Finds the factory call that builds an imported panel: in the dashboard's own module by title
 * (then by id, for a panel renamed in the UI), else in another module by title when the call
 * needs nothing of that module but its imports. Each call matches one panel at most.
 */
export class PanelMatcher {
  private readonly used = new Set<SourcePanel>();

  constructor(
    private readonly own: SourceModule | undefined,
    private readonly others: readonly SourceModule[],
  ) {}

  private take(module: SourceModule, test: (p: SourcePanel) => boolean): Match | undefined {
    const panel = module.rows.flatMap((r) => r.panels).find((p) => !this.used.has(p) && test(p));
    if (!panel) return undefined;
    this.used.add(panel);
    return { panel, module };
  }

  match(imported: PanelJson): Match | undefined {
    const sameType = (p: SourcePanel) => p.json.type === imported.type;
    const own = this.own;
    const found =
      (own && this.take(own, (p) => sameType(p) && p.json.title === imported.title)) ??
      (own && this.take(own, (p) => sameType(p) && p.json.id === imported.id));
    if (found) return found;
    for (const module of this.others) {
      const borrowable = (p: SourcePanel) =>
        [...identifiers(parse(p.code))].every((name) => module.imports.has(name));
      const other = this.take(module, (p) => sameType(p) && p.json.title === imported.title && borrowable(p));
      if (other) return other;
    }
    return undefined;
  }
}
