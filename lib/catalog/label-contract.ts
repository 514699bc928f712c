import { type JobKey, jobs } from '../monitoring/jobs.ts';
import type { MetricDef, Service } from './define.ts';
import { catalog } from './index.ts';
import type { LabelValues } from './label-values.ts';
import { type LabelMatcherUse, labelMatchersIn } from './promql-matchers.ts';

/** The job that scrapes each service's metrics (the backup metrics go through node-exporter's textfile collector). */
const jobOf: Record<Service, JobKey> = {
  api: 'api',
  exporters: 'exporters',
  notifier: 'notifier',
  synthetics: 'synthetics',
  backup: 'node',
};

/** The catalog metric behind a series name, with the `le` values of a histogram's buckets. */
interface Series {
  def: MetricDef;
  extra: Record<string, LabelValues>;
}

export function catalogSeries(): Map<string, Series> {
  const byName = new Map<string, Series>();
  for (const def of catalog) {
    if (def.type !== 'histogram') {
      byName.set(def.name, { def, extra: {} });
      continue;
    }
    const le: LabelValues = { kind: 'closed', values: [...(def.buckets ?? []).map(String), '+Inf'] };
    byName.set(`${def.name}_bucket`, { def, extra: { le } });
    for (const suffix of ['_count', '_sum']) byName.set(def.name + suffix, { def, extra: {} });
  }
  return byName;
}

/** A PromQL regex matches whole values (anchored), as Prometheus does. */
const fullMatch = (regex: string) => new RegExp(`^(?:${regex})$`);

/** What a matcher's value must meet; a message when it does not. */
function judge(use: LabelMatcherUse, values: Exclude<LabelValues, { kind: 'open' }>): string | undefined {
  const candidates = values.kind === 'closed' ? values.values : values.examples;
  const declared =
    values.kind === 'closed' ? `declared: ${values.values.join(', ')}` : `declared pattern ${values.pattern}`;
  if (use.op === '=' || use.op === '!=') {
    if (use.op === '!=' && use.value === '') return undefined;
    const ok = values.kind === 'closed' ? values.values.includes(use.value) : values.pattern.test(use.value);
    return ok ? undefined : `value "${use.value}" is not declared (${declared})`;
  }
  let regex: RegExp;
  try {
    regex = fullMatch(use.value);
  } catch (err) {
    return `regex "${use.value}" does not compile: ${(err as Error).message}`;
  }
  return candidates.some((value) => regex.test(value))
    ? undefined
    : `regex "${use.value}" matches no declared value (${declared})`;
}

export interface LabelContractResult {
  /** Matchers checked against a declared set (the proof the check is not vacuous). */
  checked: number;
  /** One message per matcher that selects a value the catalog does not declare. */
  problems: string[];
}

/**
 * Checks every label matcher of an expression against the catalog: on a catalog metric, each
 * label is one it declares and each value one of that label's values (a regex must select at
 * least one); on any metric, `job` is a scrape job (lib/monitoring/jobs.ts), and on a catalog
 * metric, the job that scrapes its service. `instance` and third-party labels are not checked.
 */
export function checkLabelContract(expr: string, series = catalogSeries()): LabelContractResult {
  const result: LabelContractResult = { checked: 0, problems: [] };
  for (const use of labelMatchersIn(expr)) {
    const found = series.get(use.metric);
    const values = labelValuesFor(use, found);
    if (values === undefined) {
      if (found)
        result.problems.push(
          `${use.metric}: label ${use.label} is not a label of ${found.def.name} (lib/catalog declares ${found.def.labelNames.join(', ') || 'none'})`,
        );
      continue;
    }
    if (values === null || values.kind === 'open') continue;
    result.checked += 1;
    const problem = judge(use, values);
    if (problem) result.problems.push(`${use.metric}: ${use.label}${use.op}"${use.value}": ${problem}`);
  }
  return result;
}

/** The declared values for a matcher; null when the label is not checked; undefined when undeclared. */
function labelValuesFor(use: LabelMatcherUse, found: Series | undefined): LabelValues | null | undefined {
  if (use.label === 'job') {
    const allowed = found ? [jobs[jobOf[found.def.service]]] : Object.values(jobs);
    return { kind: 'closed', values: allowed };
  }
  if (!found || use.label === 'instance') return null;
  return found.extra[use.label] ?? (found.def.labelValues as Record<string, LabelValues>)[use.label];
}
