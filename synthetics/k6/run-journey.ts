import { check, group } from 'k6';
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import type { Journey, JourneyContext, Step } from '../journeys/journey.ts';
import { baseUrl } from './config.ts';

/** Runs a journey's steps in order with k6/http, one k6 check per step; stops at the first failure. */
export function runJourney(journey: Journey, ctx: JourneyContext): boolean {
  return group(journey.name, () => {
    for (const step of journey.steps) if (!runStep(journey, step, ctx)) return false;
    return true;
  });
}

function runStep(journey: Journey, step: Step, ctx: JourneyContext): boolean {
  const req = step.request(ctx);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (req.auth && ctx.vars.token) headers.authorization = `Bearer ${ctx.vars.token}`;
  const res = http.request(
    req.method,
    `${baseUrl}${req.path}`,
    req.body === undefined ? null : JSON.stringify(req.body),
    {
      headers,
      tags: { journey: journey.name, step: step.name },
    },
  );
  let problem: string | undefined;
  if (res.status !== step.expectStatus) problem = `status ${res.status}, expected ${step.expectStatus}`;
  else if (step.verify) problem = step.verify(bodyOf(res), ctx);
  const passed = check(res, { [`${journey.name}: ${step.name}`]: () => problem === undefined });
  if (!passed) console.error(`${journey.name}: ${step.name}: ${problem}`);
  return passed;
}

function bodyOf(res: RefinedResponse<ResponseType | undefined>): unknown {
  const text = typeof res.body === 'string' ? res.body : '';
  const type = res.headers['Content-Type'] ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
