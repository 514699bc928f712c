import { randomBytes } from 'node:crypto';
import type { Journey, JourneyContext, Step } from '../journeys/journey.ts';

export interface JourneyResult {
  journey: string;
  success: boolean;
  durationSeconds: number;
  /** The step that failed and why. */
  failure?: { step: string; reason: string };
  /** Sent as `traceparent` on every request of the run, so the API's log lines can be found. */
  traceId: string;
}

export interface RunOptions {
  baseUrl: string;
  credentials: JourneyContext['credentials'];
  stepTimeoutMs: number;
  /** Aborts the run (the runner is stopping). */
  signal?: AbortSignal;
}

/** Runs a journey's steps in order with fetch and stops at the first failing one. */
export async function runJourney(journey: Journey, options: RunOptions): Promise<JourneyResult> {
  const started = performance.now();
  const traceId = randomBytes(16).toString('hex');
  const ctx: JourneyContext = { vars: {}, credentials: options.credentials, startedAt: Date.now() };
  let failure: JourneyResult['failure'];
  for (const step of journey.steps) {
    const reason = await runStep(step, ctx, options, traceId).catch((err: Error) => describeError(err));
    if (reason !== undefined) {
      failure = { step: step.name, reason };
      break;
    }
  }
  return {
    journey: journey.name,
    success: failure === undefined,
    durationSeconds: (performance.now() - started) / 1000,
    ...(failure ? { failure } : {}),
    traceId,
  };
}

async function runStep(step: Step, ctx: JourneyContext, options: RunOptions, traceId: string) {
  const req = step.request(ctx);
  const headers: Record<string, string> = {
    traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
  };
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  if (req.auth && ctx.vars.token) headers.authorization = `Bearer ${ctx.vars.token}`;
  const timeout = AbortSignal.timeout(options.stepTimeoutMs);
  const res = await fetch(`${options.baseUrl}${req.path}`, {
    method: req.method,
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
  });
  const text = await res.text();
  if (res.status !== step.expectStatus) {
    return `status ${res.status}, expected ${step.expectStatus}: ${text.slice(0, 200)}`;
  }
  const body = (res.headers.get('content-type') ?? '').includes('json') ? parseJson(text) : text;
  return step.verify?.(body, ctx);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeError(err: Error): string {
  if (err.name === 'TimeoutError') return 'no answer within the step timeout';
  const cause = (err as Error & { cause?: { code?: string } }).cause;
  return cause?.code ? `${err.message} (${cause.code})` : err.message;
}
