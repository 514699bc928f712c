import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { chain } from './chain.ts';

const req = {} as Request;
const res = {} as Response;
const run = (handler: RequestHandler) =>
  new Promise<unknown>((resolve) =>
    handler(req, res, ((err?: unknown) => resolve(err ?? 'done')) as NextFunction),
  );

describe('chain', () => {
  it('runs the middleware in order, then the next layer', async () => {
    const seen: number[] = [];
    const mark =
      (n: number): RequestHandler =>
      (_q, _s, next) => {
        seen.push(n);
        next();
      };
    expect(await run(chain(mark(1), mark(2), mark(3)))).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('passes an error, passed on or thrown, straight to the next layer', async () => {
    const seen: number[] = [];
    const boom = new Error('boom');
    const after: RequestHandler = () => seen.push(9);
    expect(await run(chain((_q, _s, next) => next(boom), after))).toBe(boom);
    expect(
      await run(
        chain(() => {
          throw boom;
        }, after),
      ),
    ).toBe(boom);
    expect(seen).toEqual([]);
  });
});
