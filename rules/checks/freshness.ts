import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { type GeneratedFile, staleFiles } from '../../lib/generated.ts';
import type { Check } from '../../lib/validation.ts';
import { rulesFiles } from '../generate.ts';
import type { RulesModel } from './model.ts';

type Named = { alert?: string; record?: string; name?: string };

/** Names of the rules (or test cases) in a generated YAML file, with their serialised form. */
function entries(content: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!content) return out;
  let doc: {
    groups?: Array<{ rules?: Named[] }>;
    tests?: Named[];
    route?: unknown;
    inhibit_rules?: unknown;
    receivers?: Named[];
  };
  try {
    doc = (load(content) ?? {}) as typeof doc;
  } catch {
    return out;
  }
  const items: Named[] = [
    ...(doc.groups ?? []).flatMap((g) => g.rules ?? []),
    ...(doc.tests ?? []),
    ...(doc.receivers ?? []).map((r) => ({ ...r, name: `receiver ${r.name ?? ''}` })),
  ];
  // Alertmanager: the routing tree and the inhibitions, as wholes.
  if (doc.route) out.set('route', JSON.stringify(doc.route));
  if (doc.inhibit_rules) out.set('inhibit_rules', JSON.stringify(doc.inhibit_rules));
  for (const item of items) {
    const key = item.alert ?? item.record ?? item.name;
    if (key) out.set(key, (out.get(key) ?? '') + JSON.stringify(item));
  }
  return out;
}

/** The rules whose generated form differs between two versions of a file. */
function changedRules(expected: string, current: string | undefined): string[] {
  const want = entries(expected);
  const have = entries(current);
  const names = new Set([...want.keys(), ...have.keys()]);
  return [...names].filter((name) => want.get(name) !== have.get(name)).sort();
}

/** The committed generated files match what `npm run generate` produces now. */
export const freshnessCheck = (model: RulesModel): Check => ({
  name: 'generated rule files are fresh',
  run: async () => {
    const files: GeneratedFile[] = rulesFiles(model.files);
    const stale = await staleFiles(files, model.root);
    return Promise.all(
      stale.map(async (path) => {
        const expected = files.find((f) => f.path === path)?.content ?? '';
        const current = await readFile(join(model.root, path), 'utf8').catch(() => undefined);
        const rules = changedRules(expected, current);
        return {
          file: path,
          where: rules.length ? rules.join(', ') : undefined,
          message:
            current === undefined
              ? 'missing: run npm run generate and commit it'
              : 'stale: run npm run generate and commit it',
        };
      }),
    );
  },
});
