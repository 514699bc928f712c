import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import express, { type Express } from 'express';
import { openApiDocument } from './document.ts';

export const openApiPath = '/api/v1/openapi.json';
export const docsPath = '/api/docs';
const pageDir = resolve(import.meta.dirname, 'docs-page');
// The package's folder, not its main module (which would load the browser bundle into Node).
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * The document and the interactive reference, both without a token (mounted before the API's
 * authentication). The page is Swagger UI from swagger-ui-dist with our own page and start script,
 * so it runs under the API's helmet Content-Security-Policy (scripts from 'self' only).
 */
export function mountApiDocs(app: Express): void {
  app.get(openApiPath, (_req, res) => {
    res.json(openApiDocument());
  });
  app.use(
    docsPath,
    express.static(pageDir, { index: 'index.html' }),
    express.static(swaggerUiDir, { index: false }),
  );
}
