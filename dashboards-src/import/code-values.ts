/**
 * Code the importer writes, paired with the value that code evaluates to, so that what a
 * written module will build can be known before the module exists.
 */
export interface Coded<T = unknown> {
  code: string;
  value: T;
}

/** A JSON value as a TypeScript literal (prettier gives it the house quotes). */
export const literal = (value: unknown): string =>
  value === undefined ? 'undefined' : JSON.stringify(value);

export const coded = <T>(value: T): Coded<T> => ({ code: literal(value), value });

/** `base.method(args)...` for each step, applied to the value as well. */
export function chain<T>(base: Coded<T>, steps: ReadonlyArray<[method: string, args: Coded[]]>): Coded<T> {
  let { code } = base;
  const target = base.value as Record<string, (...a: unknown[]) => unknown>;
  for (const [method, args] of steps) {
    target[method]!(...args.map((a) => a.value));
    code += `.${method}(${args.map((a) => a.code).join(', ')})`;
  }
  return { code, value: base.value };
}

/** An object literal of leaf paths: `{ 'a.b[1].c': 3 }`. */
export const pathsLiteral = (changes: ReadonlyMap<string, unknown>): string =>
  `{ ${[...changes].map(([path, value]) => `${JSON.stringify(path)}: ${literal(value)}`).join(', ')} }`;
