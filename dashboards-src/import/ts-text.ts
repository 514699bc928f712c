import ts from 'typescript';

/** TypeScript source as text: the few reads and edits the importer makes, through the compiler's parser. */
export const parse = (text: string, name = 'module.ts') =>
  ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

/** The identifiers an expression or module refers to (not property names, not object keys). */
export function identifiers(node: ts.Node): Set<string> {
  const found = new Set<string>();
  const visit = (n: ts.Node) => {
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isName =
        (p && ts.isPropertyAccessExpression(p) && p.name === n) ||
        (p && ts.isPropertyAssignment(p) && p.name === n) ||
        (p && ts.isImportSpecifier(p));
      if (!isName) found.add(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

/** The first call in `node` (itself included) whose callee is the identifier `name`. */
export function findCall(node: ts.Node, name: string): ts.CallExpression | undefined {
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name)
    return node;
  return ts.forEachChild(node, (child) => findCall(child, name));
}

export const propertyOf = (object: ts.ObjectLiteralExpression, name: string) =>
  object.properties.find(
    (p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name,
  );

/**
 * A factory call with its options object's properties set (replaced, or added at the end);
 * `undefined` when the expression is not `name({...})` or `name()`.
 */
export function withProperties(callText: string, props: ReadonlyArray<[name: string, code: string]>) {
  if (!props.length) return callText;
  const file = parse(`(${callText})`);
  const call = (file.statements[0] as ts.ExpressionStatement).expression;
  const inner = ts.isParenthesizedExpression(call) ? call.expression : call;
  if (!ts.isCallExpression(inner) || inner.arguments.length > 1) return undefined;
  const text = file.text;
  const arg = inner.arguments[0];
  if (!arg) {
    const at = inner.getEnd() - 1;
    const body = props.map(([n, c]) => `${n}: ${c}`).join(', ');
    return `${text.slice(1, at)}{ ${body} }${text.slice(at, -1)}`;
  }
  if (!ts.isObjectLiteralExpression(arg)) return undefined;
  let out = text;
  const edits: Array<[start: number, end: number, code: string]> = [];
  const added: string[] = [];
  for (const [name, code] of props) {
    const existing = propertyOf(arg, name);
    if (existing) edits.push([existing.initializer.getStart(), existing.initializer.getEnd(), code]);
    else added.push(`${name}: ${code}`);
  }
  if (added.length) {
    const last = arg.properties.at(-1);
    const at = last ? last.getEnd() : arg.getStart() + 1;
    edits.push([at, at, `${last ? ', ' : ' '}${added.join(', ')}${last ? '' : ' '}`]);
  }
  for (const [start, end, code] of edits.sort((a, b) => b[0] - a[0]))
    out = out.slice(0, start) + code + out.slice(end);
  return out.slice(1, -1);
}
