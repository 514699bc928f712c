import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Series {
  name: string;
  labels: Record<string, string>;
}

/** A scrape target whose series the test sets: what both Prometheus replicas alert on. */
export interface AlertSource {
  /** host:port to scrape. */
  target: string;
  /** Exposes exactly these series (value 1) from the next scrape on; the rest go stale. */
  show(series: Series[]): void;
  close(): Promise<void>;
}

export async function startAlertSource(): Promise<AlertSource> {
  let shown: Series[] = [];
  const server = createServer((_req, res) => {
    const lines = shown.map(({ name, labels }) => {
      const pairs = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      return `${name}{${pairs.join(',')}} 1`;
    });
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(lines.join('\n') + '\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    show: (series) => (shown = [...series]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
