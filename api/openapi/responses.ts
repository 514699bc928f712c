import { z } from 'zod';
import { userRoles } from '../../lib/domain/vocabulary.ts';

// Building blocks for response schemas. They describe what the API sends (JSON of the rows the
// stores return), so they are plain output shapes: no transforms, no coercion.

/** A timestamp as JSON carries it: a Date serialised by JSON.stringify (`2026-06-01T08:00:00.000Z`). */
export const timestamp = z.iso.datetime({ offset: true });
/** A database id (bigint, parsed to a JSON number). */
export const rowId = z.number().int().positive();

/** `{items, total, limit, offset}`: every list endpoint's answer. */
export const pageOf = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int().min(0),
      limit: z.number().int().min(1),
      offset: z.number().int().min(0),
    })
    .meta({ id, description: 'One page of a filtered list and the total of matching rows.' });

export const errorDetail = z
  .object({
    path: z.string().meta({ description: '`body.<field>`, `query.<name>`, `params.id`, `body[<index>]`' }),
    message: z.string(),
  })
  .meta({ id: 'ErrorDetail' });

/** The one error shape: `error` is a sentence for people. */
export const errorBody = z
  .object({
    error: z.string(),
    reason: z.string().optional(),
    details: z.array(errorDetail).optional(),
  })
  .meta({ id: 'Error' });

/** 400, 413, 415: what was wrong, field by field. */
export const invalidRequest = z
  .object({ error: z.string(), details: z.array(errorDetail) })
  .meta({ id: 'InvalidRequest' });

/** 500: no internals, the trace id to find the log line (absent on injected faults). */
export const internalError = z
  .object({ error: z.string(), trace_id: z.string().optional() })
  .meta({ id: 'InternalError' });

/** 503 when PostgreSQL is away or the request's deadline passed: fail fast, retry later. */
export const unavailableBody = z
  .object({ error: z.string(), reason: z.enum(['database_unavailable', 'deadline_exceeded']) })
  .meta({ id: 'Unavailable' });

/** 409 with the machine-readable reasons this operation can give. */
export const conflictBody = (reasons: readonly [string, ...string[]]) =>
  z.object({ error: z.string(), reason: z.enum(reasons) });

export const role = z.enum(userRoles);
export const tokenUser = z
  .object({ id: rowId, email: z.string(), role })
  .meta({ id: 'User', description: 'The user a bearer token belongs to.' });
