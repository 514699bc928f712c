import { z } from 'zod';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { faultSettings } from '../platform/faults.ts';
import { internalError, invalidRequest } from './responses.ts';

// The service endpoints every PortTrack service has (probes, metrics), the fault-injection switch
// (not mounted in production) and this document itself: no prefix, no token.

const json = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});

const service = (op: Omit<ZodOpenApiOperationObject, 'security' | 'tags'>, tag = 'service') => ({
  ...op,
  tags: [tag],
  security: [],
});

const readiness = z
  .object({
    status: z.enum(['ok', 'unavailable', 'shutting_down']),
    checks: z
      .record(z.string(), z.enum(['ok', 'failed']))
      .optional()
      .meta({
        description: '`ok` or `failed`, per dependency; why it failed is in the service log, never here',
      }),
  })
  .meta({ id: 'Readiness' });

const currentFaults = faultSettings.required().meta({ id: 'FaultSettings' });

export const servicePaths: ZodOpenApiPathsObject = {
  '/healthz': {
    get: service({
      operationId: 'healthz',
      summary: 'Alive',
      responses: { '200': json('The process runs.', z.object({ status: z.literal('ok') })) },
    }),
  },
  '/readyz': {
    get: service({
      operationId: 'readyz',
      summary: 'Ready: PostgreSQL and the cache answer within 2 s',
      responses: {
        '200': json('Every dependency answered.', readiness),
        '503': json('A dependency failed, or the process is shutting down.', readiness),
      },
    }),
  },
  '/metrics': {
    get: service({
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      responses: {
        '200': {
          description: 'Prometheus text exposition format.',
          content: { 'text/plain': { schema: z.string() } },
        },
      },
    }),
  },
  '/api/v1/openapi.json': {
    get: service(
      {
        operationId: 'openApiDocument',
        summary: 'This document',
        responses: {
          '200': {
            description: 'The OpenAPI 3.1 document.',
            content: { 'application/json': { schema: z.object({ openapi: z.string() }).loose() } },
          },
        },
      },
      'service',
    ),
  },
  '/internal/faults': {
    get: service(
      {
        operationId: 'getFaults',
        summary: 'Fault injection settings (development and test only)',
        responses: { '200': json('The current settings.', currentFaults) },
      },
      'internal',
    ),
    put: service(
      {
        operationId: 'setFaults',
        summary: 'Make a share of /api/v1 requests fail or wait (development and test only)',
        description:
          'Not mounted in production (nor with `PORTTRACK_FAULT_INJECTION=false`). Injected 500s carry the real route template.',
        requestBody: { required: true, content: { 'application/json': { schema: faultSettings } } },
        responses: {
          '200': json('The new settings.', currentFaults),
          '400': json('Invalid settings or malformed JSON.', invalidRequest),
          '413': json('The body is over 1 kB.', invalidRequest),
          '415': json('Not JSON.', invalidRequest),
          '500': json('Internal error.', internalError),
        },
      },
      'internal',
    ),
  },
};
