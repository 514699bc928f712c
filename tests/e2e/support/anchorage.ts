import { randomInt } from 'node:crypto';
import { imoCheckDigit } from '../../../api/domain/vessels/identifiers.ts';

const hour = 3_600_000;

async function call(apiUrl: string, token: string, path: string, body: unknown): Promise<{ id: number }> {
  const res = await fetch(`${apiUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: number };
}

/**
 * A vessel that reached the anchorage seven hours ago and is still there: a new vessel, its
 * port call, and an `arrived` event back-dated through the API, as a late AIS/port system
 * would report it. The simulator's hold hook keeps it from being berthed.
 */
export async function vesselWaitingSinceHoursAgo(
  apiUrl: string,
  password: string,
  hours = 7,
): Promise<number> {
  const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'operator@porttrack.local', password }),
  });
  const { token } = (await login.json()) as { token: string };
  const prefix = String(randomInt(100_000, 999_999));
  const vessel = await call(apiUrl, token, '/vessels', {
    imo: `${prefix}${imoCheckDigit(prefix)}`,
    mmsi: String(randomInt(200_000_000, 799_999_999)),
    name: `E2E DRILL ${prefix}`,
    type: 'bulk',
    flag: 'ES',
    gross_tonnage: 5000,
    length_m: 110,
  });
  const arrived = Date.now() - hours * hour;
  const portCall = await call(apiUrl, token, '/port-calls', {
    vessel_id: vessel.id,
    eta: new Date(arrived - hour).toISOString(),
  });
  await call(apiUrl, token, `/port-calls/${portCall.id}/events`, {
    type: 'arrived',
    at: new Date(arrived).toISOString(),
  });
  return portCall.id;
}
