/**
 * What an annotation renders to for given labels and value: the subset of Go templating our
 * annotations use (`{{ $labels.x }}`, one `{{ ... $value ... }}` formatting per alert, and
 * `{{ $externalLabels.x }}`, empty in promtool's unit tests, which have no external labels).
 * Used to write the exact expected annotations into the promtool tests.
 */
export function expandTemplate(
  template: string,
  labels: Readonly<Record<string, string>>,
  value: string | undefined,
  alertName: string,
): string {
  return template.replace(/\{\{(.*?)\}\}/g, (whole, inner: string) => {
    if (/^\s*\$externalLabels\.\w+\s*$/.test(inner)) return '';
    const label = /^\s*\$labels\.(\w+)\s*$/.exec(inner);
    if (label) {
      const name = label[1] as string;
      const found = labels[name];
      if (found === undefined)
        throw new Error(`${alertName}: annotation uses $labels.${name}, which the test's labels lack`);
      return found;
    }
    if (inner.includes('$value')) {
      if (value === undefined)
        throw new Error(`${alertName}: annotation uses $value: give test.value (its rendering)`);
      return value;
    }
    throw new Error(`${alertName}: unsupported template ${whole}`);
  });
}
