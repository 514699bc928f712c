import { describe, expect, it } from 'vitest';
import { RunningParts } from './running-parts.ts';

describe('RunningParts', () => {
  it('stops the parts in reverse order of start, each once, saying so', async () => {
    const said: string[] = [];
    const stopped: string[] = [];
    const parts = new RunningParts((line) => said.push(line));
    for (const name of ['PostgreSQL', 'api', 'notifier', 'Prometheus'])
      parts.add(name, { stop: async () => void stopped.push(name) });
    await parts.stop();
    await parts.stop();
    expect(stopped).toEqual(['Prometheus', 'notifier', 'api', 'PostgreSQL']);
    expect(said).toEqual(['Prometheus stopped', 'notifier stopped', 'api stopped', 'PostgreSQL stopped']);
  });
});
