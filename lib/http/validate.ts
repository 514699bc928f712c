import type { z } from 'zod';
import { badRequest, type ErrorDetail } from './errors.ts';

/**
 * Parses one part of a request (body, query or params) with a zod schema, or throws a 400
 * whose details name each bad field as `<part>.<field>`.
 */
export function validate<S extends z.ZodType>(
  part: 'body' | 'query' | 'params',
  schema: S,
  value: unknown,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ErrorDetail[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw badRequest(`invalid ${part}`, details);
}
