/**
 * A synthetic journey, written once as data and run by two executors: the k6 scripts
 * (synthetics/k6/, in the stack and CI) and the Node probe runner (synthetics/runner/, which
 * exports the results to Prometheus). Journey files import nothing at run time but constant
 * modules that import nothing themselves (lib/domain/synthetic-vessel.ts), so k6 can load them;
 * their request and response types come from the API's OpenAPI document (type imports only).
 */
import type { Answer, RequestBody, Schema } from '../../lib/api-contract/index.ts';

export type { Answer, RequestBody, Schema };

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface JourneyContext {
  /** Values saved by earlier steps: the token, ids picked from a list. */
  vars: Record<string, string | number | undefined>;
  credentials: { email: string; password: string };
  /** Unix milliseconds when the run started; steps derive timestamps from it. */
  startedAt: number;
}

export interface StepRequest {
  method: HttpMethod;
  /** Path and query, relative to the API's base URL. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sends `Authorization: Bearer <vars.token>`. */
  auth?: boolean;
}

export interface Step {
  name: string;
  request: (ctx: JourneyContext) => StepRequest;
  expectStatus: number;
  /**
   * Checks the response body (parsed JSON, or text when it is not JSON) and may save values
   * into `ctx.vars` for later steps. Returns what is wrong, or undefined when all is right.
   */
  verify?: (body: unknown, ctx: JourneyContext) => string | undefined;
}

export interface Journey {
  /** The `journey` label value: kebab-case. */
  name: string;
  description: string;
  steps: readonly Step[];
}

export const apiPath = (path: string) => `/api/v1${path}`;

/**
 * A property of a JSON object, or undefined for anything else. `T` names the document's type the
 * value should have, so a renamed field breaks the journey's build (`field<Schema<'Vessel'>>(v, 'mmsi')`).
 */
export function field<T = Record<string, unknown>>(value: unknown, key: keyof T & string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The `items` array of a list answer, or undefined. */
export function items(body: unknown): unknown[] | undefined {
  const list = field<Answer<'listVessels'>>(body, 'items');
  return Array.isArray(list) ? list : undefined;
}

/** Logs in with the journey's credentials and keeps the token for the following steps. */
export const loginStep: Step = {
  name: 'log in',
  request: (ctx) => ({
    method: 'POST',
    path: apiPath('/auth/login'),
    body: ctx.credentials satisfies RequestBody<'login'>,
  }),
  expectStatus: 200,
  verify: (body, ctx) => {
    const token = field<Answer<'login'>>(body, 'token');
    if (typeof token !== 'string' || token.length === 0) return 'no token in the login answer';
    ctx.vars.token = token;
    return undefined;
  },
};
