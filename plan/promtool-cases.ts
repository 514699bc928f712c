import type { Snapshot } from './planned-files.ts';
import { parseYaml } from './yaml.ts';

interface RawTest {
  name?: string;
  alert_rule_test?: Array<{ alertname: string }>;
}

/** Per alert: its promtool test cases, case name to the case as canonical JSON (input, times, expectations). */
export function readCases(snapshot: Snapshot): Map<string, Map<string, string>> {
  const byAlert = new Map<string, Map<string, string>>();
  for (const [path, text] of snapshot) {
    if (!/^stack\/prometheus\/tests\/.+\.test\.yml$/.test(path)) continue;
    const { tests = [] } = parseYaml(text) as { tests?: RawTest[] };
    tests.forEach((test, i) => {
      const name = test.name ?? `${path} #${i + 1}`;
      for (const alertname of new Set((test.alert_rule_test ?? []).map((t) => t.alertname))) {
        const cases = byAlert.get(alertname) ?? new Map<string, string>();
        cases.set(name, JSON.stringify(test));
        byAlert.set(alertname, cases);
      }
    });
  }
  return byAlert;
}

export interface CaseChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

export function caseChanges(
  before: ReadonlyMap<string, string> = new Map(),
  after: ReadonlyMap<string, string> = new Map(),
): CaseChanges {
  return {
    added: [...after.keys()].filter((name) => !before.has(name)),
    removed: [...before.keys()].filter((name) => !after.has(name)),
    changed: [...after]
      .filter(([name, test]) => before.has(name) && before.get(name) !== test)
      .map(([name]) => name),
  };
}
