import { load } from 'js-yaml';

/**
 * A generated YAML file parsed. Alertmanager's is a Swarm config template: a `{{ if … }}A{{ else
 * }}B{{ end }}` is read as its first branch (the deployment that sets the value), and the
 * `'{{ env "X" }}'` strings stay as they are.
 */
export function parseYaml(text: string): Record<string, unknown> {
  const resolved = text.replace(/\{\{ if [^}]*\}\}(.*?)\{\{ else \}\}.*?\{\{ end \}\}/g, '$1');
  return (load(resolved) ?? {}) as Record<string, unknown>;
}
