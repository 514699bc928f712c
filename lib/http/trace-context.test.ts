import { Writable } from 'node:stream';
import express from 'express';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { requestLogger } from './request-logger.ts';
import { traceContext, traceIdFrom } from './trace-context.ts';

describe('traceIdFrom', () => {
  it('takes the trace id of a well-formed W3C traceparent only', () => {
    const id = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(traceIdFrom(`00-${id}-00f067aa0ba902b7-01`)).toBe(id);
    expect(traceIdFrom(`00-${id.toUpperCase()}-00f067aa0ba902b7-01`)).toBe(id);
    expect(traceIdFrom(`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdFrom(`00-${id}-${'0'.repeat(16)}-01`)).toBeUndefined();
    expect(traceIdFrom(`ff-${id}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdFrom(`00-${id.replace('4', 'g')}-00f067aa0ba902b7-01`)).toBeUndefined();
    expect(traceIdFrom(['a', 'b'])).toBeUndefined();
  });
});

describe('trace context and request log', () => {
  it('echoes the trace id and logs one JSON line per request with route, status and duration', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const app = express();
    app.use(traceContext());
    app.use(requestLogger(pino({ level: 'info' }, sink), { successSampleRate: 0 }));
    app.get('/items/:id', (_req, res) => void res.json({ ok: true }));
    app.get('/fail', (_req, res) => void res.status(503).end());
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const id = '4bf92f3577b34da6a3ce929d0e0e4736';
      const ok = await fetch(`${base}/items/7`, { headers: { traceparent: `00-${id}-00f067aa0ba902b7-01` } });
      expect(ok.headers.get('x-trace-id')).toBe(id);
      expect(ok.headers.get('traceparent')).toMatch(new RegExp(`^00-${id}-[0-9a-f]{16}-01$`));
      const failed = await fetch(`${base}/fail`);
      const generated = failed.headers.get('x-trace-id');
      expect(generated).toMatch(/^[0-9a-f]{32}$/);
      await new Promise((r) => setTimeout(r, 50));
      // Sample rate 0: the successful request is not logged, the failure always is.
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ trace_id: generated, route: '/fail', status: 503, method: 'GET' });
      expect(typeof lines[0]!.duration_ms).toBe('number');
    } finally {
      server.close();
    }
  });
});
