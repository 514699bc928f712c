import {
  type DeployedSilence,
  type SilenceMatcher,
  silenceNameOf,
  silencesAsCodeAuthor,
} from '../monitoring/silences.ts';

/** A silence as Alertmanager's API v2 lists it. */
interface ListedSilence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: { state: 'active' | 'pending' | 'expired' };
}

export interface ReconcileResult {
  created: string[];
  updated: string[];
  expired: string[];
  unchanged: string[];
  /** Declared silences whose end has passed: left alone (validation refuses them in CI). */
  ended: string[];
}

export interface AlertmanagerApi {
  /** Base URL up to the API, e.g. https://porttrack.example/alertmanager or http://127.0.0.1:9093. */
  url: string;
  /** Authorization header value, when the URL needs one (nginx's basic auth). */
  authorization?: string;
}

async function call(api: AlertmanagerApi, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${api.url.replace(/\/$/, '')}/api/v2${path}`, {
    method,
    headers: {
      ...(api.authorization ? { authorization: api.authorization } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`Alertmanager ${method} /api/v2${path} answered ${res.status}: ${text.trim()}`);
  return text ? JSON.parse(text) : undefined;
}

const matcherKey = (m: SilenceMatcher) =>
  `${m.name}\u0000${m.value}\u0000${m.isRegex}\u0000${m.isEqual !== false}`;
const sameMatchers = (a: SilenceMatcher[], b: SilenceMatcher[]) =>
  JSON.stringify(a.map(matcherKey).sort()) === JSON.stringify(b.map(matcherKey).sort());
const sameSilence = (listed: ListedSilence, wanted: DeployedSilence) =>
  sameMatchers(listed.matchers, wanted.matchers) &&
  Date.parse(listed.endsAt) === Date.parse(wanted.endsAt) &&
  listed.comment === wanted.comment;

/**
 * Makes Alertmanager hold exactly the declared silences among those this reconciler made
 * (createdBy `porttrack silences-as-code`, found again by the name tag in their comment):
 * creates the missing, updates the changed, expires the ones no longer declared and any second
 * copy. Silences by anyone else are never touched. Running it twice changes nothing the second
 * time.
 */
export async function reconcileSilences(
  api: AlertmanagerApi,
  declared: readonly DeployedSilence[],
  now = new Date(),
): Promise<ReconcileResult> {
  const result: ReconcileResult = { created: [], updated: [], expired: [], unchanged: [], ended: [] };
  const listed = (await call(api, 'GET', '/silences')) as ListedSilence[];
  const ours = new Map<string, ListedSilence[]>();
  for (const silence of listed) {
    const name = silenceNameOf(silence.comment);
    if (silence.createdBy !== silencesAsCodeAuthor || silence.status.state === 'expired' || !name) continue;
    ours.set(name, [...(ours.get(name) ?? []), silence]);
  }
  const expire = async (name: string, silence: ListedSilence) => {
    await call(api, 'DELETE', `/silence/${encodeURIComponent(silence.id)}`);
    result.expired.push(name);
  };

  for (const wanted of declared) {
    const [current, ...extra] = ours.get(wanted.name) ?? [];
    ours.delete(wanted.name);
    for (const copy of extra) await expire(wanted.name, copy);
    if (Date.parse(wanted.endsAt) <= now.getTime()) {
      result.ended.push(wanted.name);
      continue;
    }
    if (current && sameSilence(current, wanted)) {
      result.unchanged.push(wanted.name);
      continue;
    }
    const startsAt = current && current.status.state === 'active' ? current.startsAt : now.toISOString();
    await call(api, 'POST', '/silences', {
      ...(current ? { id: current.id } : {}),
      matchers: wanted.matchers,
      startsAt,
      endsAt: wanted.endsAt,
      createdBy: silencesAsCodeAuthor,
      comment: wanted.comment,
    });
    (current ? result.updated : result.created).push(wanted.name);
  }
  // Made by this reconciler, no longer declared.
  for (const [name, silences] of ours) for (const silence of silences) await expire(name, silence);
  return result;
}
