import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerConfig {
  service: string;
  nodeEnv: 'development' | 'test' | 'production';
  level?: string | undefined;
  /** When set, logs are also batched to Loki's push API (pino-loki). */
  lokiUrl?: string | undefined;
}

const defaultLevel = { production: 'info', development: 'debug', test: 'warn' } as const;

/**
 * JSON logs to stdout, one object per line. Loki is optional and never blocks the process:
 * pino-loki batches in a worker thread and drops batches while Loki is unreachable.
 */
export function createLogger(config: LoggerConfig, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.level ?? defaultLevel[config.nodeEnv],
    base: { service: config.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: ['req.headers.authorization', 'password', '*.password', 'token'], censor: '[redacted]' },
  };
  if (destination) return pino(options, destination);
  if (!config.lokiUrl) return pino(options);
  // pino refuses custom level formatters together with multiple transport targets.
  options.formatters = {};
  const transport = pino.transport({
    targets: [
      { target: 'pino/file', options: { destination: 1 }, level: options.level as string },
      {
        target: 'pino-loki',
        level: options.level as string,
        options: {
          host: config.lokiUrl,
          batching: true,
          interval: 2,
          labels: { service: config.service, env: config.nodeEnv },
          silenceErrors: false,
        },
      },
    ],
  });
  return pino(options, transport);
}
