import { instantQuery } from '../../local-platform/prometheus-api.ts';
import { waitFor } from '../../local-platform/wait.ts';

/** One login with a wrong password for the demo viewer; the API's answer status. */
const failedLogin = (apiUrl: string) =>
  fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'viewer@porttrack.local', password: 'not-the-password' }),
  }).then((r) => r.status);

/**
 * The failed-login drill's fault: `count` logins refused for a wrong password (401; an answer
 * an error fault turned into a 500 is not a failed login and is sent again). The API creates its
 * `result="failure"` series at the first failure, and increase() cannot count a series' first
 * sample: one failure first, scraped, then the rest.
 */
export async function failedLoginBurst(
  apiUrl: string,
  prometheusUrl: string,
  options: { count: number; seriesTimeoutMs: number },
): Promise<void> {
  let refused = 0;
  const refuseOne = async (attempts = 20) => {
    for (let i = 0; i < attempts; i++) if ((await failedLogin(apiUrl)) === 401) return void refused++;
    throw new Error(`no login refused with 401 in ${attempts} attempts`);
  };
  await refuseOne();
  await waitFor(
    async () =>
      (await instantQuery(prometheusUrl, 'porttrack_logins_total{result="failure"}')).length || undefined,
    { what: 'the failure series in Prometheus', timeoutMs: options.seriesTimeoutMs },
  );
  // The rest at once: one after another they take seconds each on a loaded machine (and longer
  // under an injected latency), and the burst is meant to land within a scrape or two.
  while (refused < options.count)
    await Promise.all(Array.from({ length: options.count - refused }, () => refuseOne()));
}
