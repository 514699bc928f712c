/**
 * Alertmanager's routing, evaluated the way Alertmanager 0.25 does it (dispatch/route.go):
 * an alert enters at the root, which matches everything; at each route it tries the children
 * in order, descends into every matching child until one without `continue: true` matched,
 * and a route none of whose children matched receives the alert itself. Children inherit the
 * receiver when they name none. Matchers are `matchers` (`a="x"`, `a!="x"`, `a=~"x|y"`,
 * `a!~"x"`; regexes anchored) and the deprecated `match`/`match_re`; a missing label is "".
 */

export type Labels = Readonly<Record<string, string>>;

export interface RawRoute {
  receiver?: string;
  matchers?: string[];
  match?: Record<string, string>;
  match_re?: Record<string, string>;
  continue?: boolean;
  routes?: RawRoute[];
}

type Test = (labels: Labels) => boolean;

/** One matcher string as a test on a label set. */
export function parseMatcher(text: string): Test {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!m) throw new Error(`not an Alertmanager matcher: ${text}`);
  const [, name, op, raw] = m as unknown as [string, string, string, string];
  const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  const regex = new RegExp(`^(?:${value})$`);
  const test = op.includes('~') ? (v: string) => regex.test(v) : (v: string) => v === value;
  const negate = op.startsWith('!');
  return (labels) => test(labels[name!] ?? '') !== negate;
}

function testsOf(route: RawRoute): Test[] {
  return [
    ...(route.matchers ?? []).map(parseMatcher),
    ...Object.entries(route.match ?? {}).map(
      ([k, v]) =>
        (l: Labels) =>
          (l[k] ?? '') === v,
    ),
    ...Object.entries(route.match_re ?? {}).map(([k, v]) => {
      const regex = new RegExp(`^(?:${v})$`);
      return (l: Labels) => regex.test(l[k] ?? '');
    }),
  ];
}

/** The receivers an alert with these labels reaches, in routing-tree order (as `amtool config routes test` prints them). */
export function receiversFor(root: RawRoute, labels: Labels): string[] {
  const visit = (route: RawRoute, inherited: string): string[] => {
    const receiver = route.receiver ?? inherited;
    const reached: string[] = [];
    for (const child of route.routes ?? []) {
      if (!testsOf(child).every((t) => t(labels))) continue;
      reached.push(...visit(child, receiver));
      if (!child.continue) break;
    }
    return reached.length ? reached : [receiver];
  };
  return visit(root, root.receiver ?? '');
}

/** Whether every matcher in the list holds for the labels (inhibition source or target). */
export const matchesAll = (matchers: readonly string[] = [], labels: Labels): boolean =>
  matchers.every((m) => parseMatcher(m)(labels));
