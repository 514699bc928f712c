import type { components, operations } from './openapi-types.ts';

// Names for the types generated from stack/openapi.json, for the API's own clients (the synthetic
// journeys, the simulator): a field renamed or retyped in the API's schemas breaks their build.
// Type-only: k6 loads journeys that import this, and nothing of it exists at run time.

/** A named schema of the document (`Schema<'Vessel'>`). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

export type OperationId = keyof operations;

/** The JSON body an operation takes (`RequestBody<'createShift'>`). */
export type RequestBody<Op extends OperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The JSON an operation answers with a status (`Answer<'listVessels'>`, `Answer<'createShift', 201>`). */
export type Answer<
  Op extends OperationId,
  Status extends number = 200,
> = operations[Op]['responses'] extends {
  [S in Status]: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;
