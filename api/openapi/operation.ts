import type { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiResponsesObject } from 'zod-openapi';
import { conflictBody, errorBody, internalError, invalidRequest, unavailableBody } from './responses.ts';

/** Who may call an operation: no token, any role, a writer (operator or admin), or an admin. */
export type Access = 'public' | 'read' | 'write' | 'admin';

export interface OperationSpec {
  /** operationId: the name generated clients give the call. */
  id: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body (or several media types via `content`). */
  body?: z.ZodType;
  content?: Record<string, { schema: z.ZodType }>;
  /** The success answer; `schema` absent for an empty one (204). */
  ok: { status?: 200 | 201 | 204; description: string; schema?: z.ZodType };
  /** 404 although no id is in the path (an id referenced by the body). */
  notFound?: boolean;
  /** Every `reason` this operation's 409 can carry. */
  conflicts?: readonly [string, ...string[]];
  /** The `probe` role may call it too (access.ts: what the synthetic journeys do). */
  probe?: boolean;
  /** Answers beyond the ones derived from the rest (login's 429 with a reason, a 400 with a body). */
  responses?: ZodOpenApiResponsesObject;
  /** Parameters read by hand rather than by a schema (the stream's `?ticket=`), for the document only. */
  parameters?: ZodOpenApiOperationObject['parameters'];
}

export const bearerScheme = 'bearerAuth';
export const writerRoles = ['operator', 'admin'];

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const error = (description: string, schema: z.ZodType = errorBody) => ({ description, ...json(schema) });

/**
 * One /api/v1 operation with every answer it can give, derived from what it takes: a body can be
 * malformed (400), too large (413) or of the wrong type (415); a token can be missing (401); a
 * viewer cannot write (403); an id can be unknown (404); rate limits (429), the fault gate (500) and
 * the database's fail-fast (503) apply to every route.
 */
export function operation(spec: OperationSpec): ZodOpenApiOperationObject {
  const hasBody = spec.body !== undefined || spec.content !== undefined;
  const responses: ZodOpenApiResponsesObject = {
    [String(spec.ok.status ?? 200)]: {
      description: spec.ok.description,
      ...(spec.ok.schema ? json(spec.ok.schema) : {}),
    },
  };
  if (hasBody || spec.query || spec.params)
    responses['400'] = error('Invalid body, query or path parameter, or malformed JSON.', invalidRequest);
  if (spec.access !== 'public') responses['401'] = error('No token, or a forged or expired one.');
  if (spec.access === 'write')
    responses['403'] = error('A viewer tried to write: this needs operator or admin.');
  if (spec.access === 'admin') responses['403'] = error('This needs the admin role.');
  if (spec.access === 'read' && !spec.probe)
    responses['403'] = error('The probe role only calls what the synthetic journeys call.');
  if (spec.params || spec.notFound)
    responses['404'] = error('An id in the path, or one the body refers to, does not exist.');
  if (spec.conflicts)
    responses['409'] = error(
      'The request conflicts with the current state; `reason` says how.',
      conflictBody(spec.conflicts),
    );
  if (hasBody) {
    responses['413'] = error('The body is over the size limit.', invalidRequest);
    responses['415'] = error('The body is in a content type this operation does not read.', invalidRequest);
  }
  responses['429'] = {
    ...error('Rate limited: retry after the seconds in `Retry-After`.'),
    headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
  };
  responses['500'] = error('Internal error (or an injected fault, outside production).', internalError);
  responses['503'] = {
    ...error(
      'PostgreSQL is unreachable (`database_unavailable`) or the request ran past its deadline (`deadline_exceeded`): retry after `Retry-After`.',
      unavailableBody,
    ),
    headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
  };
  Object.assign(responses, spec.responses);

  const roles = rolesOf(spec);
  return {
    operationId: spec.id,
    summary: spec.summary,
    description: [spec.description, accessNote[spec.access], spec.probe ? probeNote : undefined]
      .filter(Boolean)
      .join('\n\n'),
    tags: [spec.tag],
    ...(spec.access === 'public'
      ? { security: [] }
      : { security: [{ [bearerScheme]: spec.access === 'read' ? [] : roles }] }),
    'x-roles': roles,
    ...(spec.params || spec.query
      ? {
          requestParams: {
            ...(spec.params ? { path: spec.params } : {}),
            ...(spec.query ? { query: spec.query } : {}),
          },
        }
      : {}),
    ...(hasBody
      ? {
          requestBody: {
            required: true,
            content: spec.content ?? { 'application/json': { schema: spec.body as z.ZodType } },
          },
        }
      : {}),
    responses,
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
  };
}

const probeNote = 'The `probe` role (synthetic journeys) may call it too.';

/** The roles that may call an operation, as `x-roles` lists them. */
function rolesOf(spec: OperationSpec): string[] {
  const probe = spec.probe ? ['probe'] : [];
  if (spec.access === 'public') return [];
  if (spec.access === 'admin') return ['admin'];
  if (spec.access === 'write') return [...writerRoles, ...probe];
  return ['viewer', ...writerRoles, ...probe];
}

const accessNote: Record<Access, string> = {
  public: 'No token needed.',
  read: 'Needs a bearer token of any role (viewer, operator, admin).',
  write: 'Needs a bearer token of an operator or admin.',
  admin: 'Needs a bearer token of an admin.',
};
