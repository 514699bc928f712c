import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import type { OperationSpec } from '../openapi/operation.ts';

/** Every API route is mounted under this prefix; the OpenAPI paths carry it. */
export const apiPrefix = '/api/v1';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: the request parts its schemas validated (a body without one comes as sent). */
export interface RouteInput<P, Q, B> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: B extends z.ZodType ? z.output<B> : unknown;
}

/** The request and response, for the few handlers that need more than their input (the user, a stream). */
export interface Http {
  req: Request;
  res: Response;
}

/**
 * One API operation, declared once: the method and Express path it is routed at, what it takes and
 * answers (validated here, documented by api/openapi/ from the same schemas), who may call it
 * (api/domain/auth/access.ts reads `access` and `probe`), and its handler. The handler's return
 * value is the answer body, sent with `ok.status`; a `Reply` chooses another status or sends JSON
 * text as it is.
 */
export interface RouteSpec<
  D,
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B,
> extends Omit<OperationSpec, 'tag' | 'params' | 'query' | 'body'> {
  method: Method;
  /** An Express path under `apiPrefix` (`/vessels/:id`): the route template metrics and logs show. */
  path: `/${string}`;
  params?: P;
  query?: Q;
  body?: B;
  /** Middleware of this route alone, after the fault gate (login's rate limit, the position parsers). */
  before?(deps: D): RequestHandler[];
  handle(input: RouteInput<P, Q, B>, deps: D, http: Http): unknown;
}

/** A route as a table holds it, its input types erased (methods are bivariant, so any entry fits). */
export interface ApiRoute<D> extends Omit<OperationSpec, 'tag'> {
  method: Method;
  path: `/${string}`;
  before?(deps: D): RequestHandler[];
  handle(input: { params: unknown; query: unknown; body: unknown }, deps: D, http: Http): unknown;
}

/** One domain's operations, the OpenAPI tag they are listed under, and the dependencies their handlers use. */
export interface RouteTable<D> {
  tag: string;
  /** Its routes parse their own bodies, so they are mounted before the API's JSON parser (position reports). */
  ownBodies?: boolean;
  routes: ReadonlyArray<ApiRoute<D>>;
}

/**
 * Declares a domain's route table; `route` infers each entry's input types from its schemas.
 * `D` is what the domain's handlers need from the app (api/api-routes.ts assembles every table's).
 */
export function routeTable<D>(
  tag: string,
  entries: (route: RouteBuilder<D>) => ReadonlyArray<ApiRoute<D>>,
  options: { ownBodies?: boolean } = {},
): RouteTable<D> {
  return { tag, ...options, routes: entries((spec) => spec as unknown as ApiRoute<D>) };
}

export type RouteBuilder<D> = <
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B = undefined,
>(
  spec: RouteSpec<D, P, Q, B>,
) => ApiRoute<D>;
