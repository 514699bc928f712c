/**
 * The notifier's callers, each with its own bearer token and only its own endpoints, so a token
 * that leaks (the deploy token sits in CI's secrets) opens nothing else:
 * - `alertmanager`: `POST /alertmanager/<receiver>` (Alertmanager's `credentials_file`);
 * - `deploy`: `POST /deployments` (stack/scripts/deploy.sh, the deploy workflow);
 * - `operator`: `GET /dead-letters`, `POST /dead-letters/<id>/retry`, `GET /digest/preview`.
 */
export const callers = ['alertmanager', 'deploy', 'operator'] as const;
export type Caller = (typeof callers)[number];
export type CallerTokens = Record<Caller, string>;

/** `deploy` -> `NOTIFIER_DEPLOY_TOKEN` (also `NOTIFIER_DEPLOY_TOKEN_FILE`). */
export const tokenVariable = (caller: Caller) => `NOTIFIER_${caller.toUpperCase()}_TOKEN`;

/** Development tokens, used where none is set outside production; production refuses them. */
export const demoTokens: CallerTokens = {
  alertmanager: 'porttrack-dev-alertmanager-token',
  deploy: 'porttrack-dev-deploy-token',
  operator: 'porttrack-dev-operator-token',
};

/** The single token of earlier versions: still set means an upgrade not finished. */
export const retiredTokenVariable = 'NOTIFIER_WEBHOOK_TOKEN';

/**
 * Reads the three tokens (`read` takes NAME or NAME_FILE). Production refuses a missing, demo,
 * short or shared token, naming the variable; elsewhere a missing one gets its demo token.
 * The retired single token is refused everywhere, with what to set instead.
 */
export function readCallerTokens(
  env: Record<string, string | undefined>,
  read: (name: string) => string | undefined,
  production: boolean,
  problems: string[],
): CallerTokens {
  if (env[retiredTokenVariable] !== undefined || env[`${retiredTokenVariable}_FILE`] !== undefined)
    problems.push(
      `${retiredTokenVariable} is no longer read: set ${callers.map(tokenVariable).join(', ')} ` +
        '(one token per caller; runbooks/PATCHING.md, "Rotating the notifier tokens")',
    );
  const tokens = {} as CallerTokens;
  for (const caller of callers) {
    const name = tokenVariable(caller);
    const token = read(name);
    if (production && !token) problems.push(`${name} (or ${name}_FILE) is required in production`);
    else if (production && (Object.values(demoTokens).includes(token!) || token!.length < 16))
      problems.push(`${name} must be a real secret of at least 16 characters in production`);
    tokens[caller] = token ?? demoTokens[caller];
  }
  if (production && new Set(Object.values(tokens)).size < callers.length)
    problems.push(`${callers.map(tokenVariable).join(', ')} must differ: each caller has its own token`);
  return tokens;
}
