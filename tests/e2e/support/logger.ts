import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../lib/logger.ts';

/** A logger that keeps its JSON lines in memory, for tests that read what a service logged. */
export function memoryLogger(service: string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger({ service, nodeEnv: 'test', level: 'info' }, sink), lines };
}

export const silentLogger = () => createLogger({ service: 'test', nodeEnv: 'test', level: 'silent' });
