import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './document.ts';

type Operation = { responses?: Record<string, { content?: Record<string, unknown> }> };

/** An OpenAPI path template (`/api/v1/vessels/{id}`) as a regular expression over request paths. */
const templatePattern = (template: string) =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);

const pointer = (...parts: string[]) =>
  parts.map((p) => encodeURIComponent(p.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');

/**
 * Checks HTTP answers against the document: the operation must document the status, and a JSON
 * body must validate (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses) against that response's
 * schema. Paths the document does not describe may only be refused (401 without a token, 404).
 */
export class Conformance {
  private readonly ajv: Ajv2020;
  private readonly templates: Array<{ template: string; pattern: RegExp }>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    // strict off: the document is not itself a schema, only the parts its $refs point into are.
    this.ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    this.ajv.addSchema(document as object, 'openapi');
    this.templates = Object.keys(document.paths ?? {}).map((template) => ({
      template,
      pattern: templatePattern(template),
    }));
  }

  /** What is wrong with this answer, or undefined when the document describes it. */
  check(
    method: string,
    url: string,
    status: number,
    contentType: string | null,
    body: unknown,
  ): string | undefined {
    const path = new URL(url, 'http://x').pathname;
    const m = method.toLowerCase();
    // Answered before any route: Node's HTTP server refuses oversized headers (431, no body), and
    // the CORS middleware answers every preflight (OPTIONS, 204, no body) the same way.
    if ((status === 431 || (m === 'options' && status === 204)) && (body === undefined || body === ''))
      return undefined;
    const template = this.templates.find((t) => t.pattern.test(path))?.template;
    const op = template
      ? (this.document.paths as Record<string, Record<string, Operation>>)[template]?.[m]
      : undefined;
    if (!template || !op) {
      if (status === 401 || status === 404)
        return this.validate(['components', 'schemas', 'Error'], body, `${method} ${path}`);
      return `${method} ${path} is not in the document, yet answered ${status}`;
    }
    const response = op.responses?.[String(status)];
    if (!response) return `${method} ${template}: status ${status} is not documented`;
    if (!response.content)
      return body === undefined || body === ''
        ? undefined
        : `${method} ${template} ${status}: documented without a body, got one`;
    const type = (contentType ?? '').split(';')[0]!.trim();
    if (!(type in response.content))
      return `${method} ${template} ${status}: content type ${type || '(none)'} is not documented`;
    if (type !== 'application/json') return undefined;
    return this.validate(
      ['paths', template, m, 'responses', String(status), 'content', type, 'schema'],
      body,
      `${method} ${template} ${status}`,
    );
  }

  private validate(at: string[], body: unknown, where: string): string | undefined {
    const ref = `openapi#/${pointer(...at)}`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return `${where}: the body does not match the document: ${errors.join('; ')}`;
  }
}
