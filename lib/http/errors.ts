/** One located problem in a request: `path` is the field (body.mmsi, query.limit, params.id). */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * An error that already knows its HTTP answer. Domain code throws these (or the helpers
 * below) without touching req/res; the error handler turns them into JSON.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {
      details?: ErrorDetail[];
      reason?: string;
      headers?: Record<string, string>;
      /** What went wrong underneath (a driver error): in the log line, never in the answer. */
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new HttpError(400, message, { details });
export const notFound = (what: string) => new HttpError(404, `${what} not found`);
/** 409 with a stable machine-readable reason (snake_case) and a sentence for people. */
export const conflict = (reason: string, message: string) => new HttpError(409, message, { reason });
export const unauthorized = (message = 'missing or invalid bearer token') => new HttpError(401, message);
export const forbidden = (message: string) => new HttpError(403, message);
