import ts from 'typescript';
import { identifiers, parse } from './ts-text.ts';

/** Identifier -> [module specifier, imported name]: where a name the code uses can come from. */
export type ImportPool = ReadonlyMap<string, readonly [string, string]>;

/**
 * The module's import declarations fitted to its code: specifiers it no longer uses dropped
 * (a declaration left empty goes), names it uses but does not declare imported from `pool`.
 * Declarations that keep all their names keep their text.
 */
export function fitImports(text: string, pool: ImportPool): string {
  const file = parse(text);
  const imports = file.statements.filter(ts.isImportDeclaration);
  const body = file.statements.filter((s) => !ts.isImportDeclaration(s));
  const used = new Set(body.flatMap((s) => [...identifiers(s)]));
  const declared = new Set<string>();
  for (const s of body)
    if (ts.isVariableStatement(s))
      for (const d of s.declarationList.declarations) declared.add(d.name.getText());
  const edits: Array<[number, number, string]> = [];
  for (const declaration of imports) {
    const named = declaration.importClause?.namedBindings;
    if (!named || !ts.isNamedImports(named)) continue;
    const kept = named.elements.filter((e) => used.has(e.name.text));
    for (const e of kept) declared.add(e.name.text);
    if (kept.length === named.elements.length) continue;
    const start = declaration.getFullStart();
    const keptText = `\nimport ${declaration.importClause?.isTypeOnly ? 'type ' : ''}{ ${kept.map((e) => e.getText()).join(', ')} } from ${declaration.moduleSpecifier.getText()};`;
    edits.push([start, declaration.getEnd(), kept.length ? keptText : '']);
  }
  const missing = new Map<string, string[]>();
  for (const name of [...used].sort()) {
    const from = pool.get(name);
    if (declared.has(name) || !from) continue;
    const [module, imported] = from;
    missing.set(module, [
      ...(missing.get(module) ?? []),
      imported === name ? name : `${imported} as ${name}`,
    ]);
  }
  const added = [...missing]
    .map(([module, names]) => `\nimport { ${names.join(', ')} } from '${module}';`)
    .join('');
  const at = imports.at(-1)?.getEnd() ?? 0;
  if (added) edits.push([at, at, at ? added : `${added.slice(1)}\n`]);
  let out = text;
  for (const [start, end, code] of edits.sort((a, b) => b[0] - a[0] || b[1] - a[1]))
    out = out.slice(0, start) + code + out.slice(end);
  return out;
}
