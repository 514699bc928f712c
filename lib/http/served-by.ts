import { hostname } from 'node:os';
import type { NextFunction, Request, Response } from 'express';

/** The response header naming the process that answered: in the stack, its container's hostname. */
export const servedByHeader = 'X-Api-Host';

/**
 * Names the answering replica on every response, errors included, so that a client (the drills,
 * an operator with curl) can tell which task answered a failed request. In a Swarm task the
 * hostname is the container's id, which `docker ps`/`docker inspect` map to its task.
 */
export function servedBy(name = hostname()) {
  return (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(servedByHeader, name);
    next();
  };
}
