import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type Env = Record<string, string | undefined>;

/**
 * Reads NAME from the environment, or the file named by NAME_FILE (Docker secrets).
 * Setting both is a mistake we refuse rather than guess about.
 */
export function readSecret(env: Env, name: string): string | undefined {
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && file !== undefined) {
    throw new ConfigError([`${name} and ${name}_FILE are both set: keep only one`]);
  }
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError([`${name}_FILE=${file} cannot be read: ${(err as Error).message}`]);
    }
  }
  return direct === '' ? undefined : direct;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates an environment-shaped object against a zod schema and turns every issue into
 * one line naming the variable, so start-up fails with all problems at once.
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: Record<string, unknown>): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    return `${key}: ${issue.message}`;
  });
  throw new ConfigError(problems);
}

/**
 * A copy of env where each listed variable is resolved from NAME or NAME_FILE, so a schema can
 * validate secrets such as a DATABASE_URL that carries a password like any other variable.
 */
export function withFileSecrets(env: Env, names: readonly string[]): Env {
  return { ...env, ...readSecrets(env, names) };
}

/** Collects NAME (or NAME_FILE) for each listed secret into a plain object. */
export function readSecrets(env: Env, names: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(names.map((name) => [name, readSecret(env, name)]));
}

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional();
