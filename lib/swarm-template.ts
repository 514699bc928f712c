/**
 * Swarm config templates (`template_driver: golang` in docker-stack.yml): Swarm renders a config
 * with Go's text/template when a task starts, and `{{ env "NAME" }}` reads the service's
 * environment (what docker-stack.yml gives it from deploy.env). Our generated configs use only
 * two actions, so that this module renders them as Swarm does (the tests and `npm run validate`)
 * and stack/scripts/deploy.sh renders them in bash before checking them:
 *
 * - `{{ env "NAME" }}`: the variable's value ("" when unset);
 * - `{{ if env "NAME" }}A{{ else }}B{{ end }}` on one line: A when the value is not empty, else B.
 *
 * The Swarm test proves the real Swarm renders them alike.
 */

export type TemplateEnv = Readonly<Record<string, string | undefined>>;

/** `{{ env "NAME" }}`: the value of NAME in the service's environment. */
export const envValue = (name: string) => `{{ env "${name}" }}`;

/** `then` when NAME is set and not empty, else `otherwise` (both may hold `envValue`s). */
export const ifEnv = (name: string, then: string, otherwise: string) =>
  `{{ if env "${name}" }}${then}{{ else }}${otherwise}{{ end }}`;

const conditional = /\{\{ if env "(\w+)" \}\}(.*?)\{\{ else \}\}(.*?)\{\{ end \}\}/g;
const lookup = /\{\{ env "(\w+)" \}\}/g;

/** The text Swarm makes of `template` for a service whose environment is `env`. */
export function renderSwarmTemplate(template: string, env: TemplateEnv): string {
  return template
    .replace(conditional, (_m, name: string, then: string, otherwise: string) =>
      env[name] ? then : otherwise,
    )
    .replace(lookup, (_m, name: string) => env[name] ?? '');
}

/** The environment variables a template reads. */
export const templateVariables = (template: string): string[] =>
  [...new Set([...template.matchAll(/\{\{ (?:if )?env "(\w+)" \}\}/g)].map((m) => m[1] as string))].sort();

/**
 * Every action of the template that is not one of the two forms above (which this renderer and
 * deploy.sh's would not render as Swarm does): none for a template we can trust.
 */
export function unsupportedActions(template: string): string[] {
  const rest = template.replace(
    conditional,
    (_m, _n, then: string, otherwise: string) => `${then}${otherwise}`,
  );
  return [...rest.replace(lookup, '').matchAll(/\{\{.*?\}\}/g)].map((m) => m[0]);
}
