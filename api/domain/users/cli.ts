import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { Histogram } from 'prom-client';
import type { Env } from '../../../lib/config/env.ts';
import { migrate } from '../../../lib/db/migrate.ts';
import { createPool } from '../../../lib/db/pool.ts';
import { HttpError } from '../../../lib/http/errors.ts';
import { validate } from '../../../lib/http/validate.ts';
import { loadConfig } from '../../config.ts';
import { connectRedisCache, createMemoryCache } from '../../platform/cache.ts';
import { createDb } from '../../platform/db.ts';
import { migrationsDir } from '../../server.ts';
import { randomPassword } from '../auth/passwords.ts';
import { TokenVersions, tokenVersionCheckSeconds } from '../auth/token-versions.ts';
import type { Actor } from './audit.ts';
import { auditQuery, changeUser, createUser, email, resetPassword } from './schemas.ts';
import * as users from './service.ts';

export const usage = `npm run users -- <command>
  list                                  every user
  create <email> <role>                 roles: admin, operator, viewer, probe
  disable <email> | enable <email>
  set-role <email> <role>
  reset-password <email>
  audit [--limit N]                     the audit log, newest first
create and reset-password read the password from --password-file <path>, else from stdin when it
is piped, else make one and print it once. Needs the API's DATABASE_URL (or DATABASE_URL_FILE); with
the API's REDIS_URL and REDIS_KEY_PREFIX, revoked tokens are refused at once (without, within ${tokenVersionCheckSeconds} s).`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Piped stdin, or undefined on a terminal. */
  stdin(): Promise<string | undefined>;
}

class UsageError extends Error {}

/**
 * `npm run users`: user administration from a shell, through the same domain code as the admin
 * endpoints (the audit log names the actor `cli:<os user>`). Returns the exit code: 0 done,
 * 1 refused (unknown user, invalid input, last admin), 2 wrong usage.
 */
export async function runUsersCli(argv: readonly string[], env: Env, io: CliIo): Promise<number> {
  let close = async () => undefined as void;
  try {
    const { positional, options } = parseArgs(argv);
    const [name, ...args] = positional;
    const wanted = name === undefined ? undefined : arity[name];
    if (wanted === undefined) throw new UsageError(name ? `unknown command ${name}` : 'no command given');
    if (args.length !== wanted) throw new UsageError(`${name} takes ${wanted} argument(s)`);
    const config = loadConfig(env);
    if (!config.databaseUrl) throw new UsageError('DATABASE_URL is not set: give the API database URL');
    const pool = createPool({
      connectionString: config.databaseUrl,
      max: 2,
      applicationName: 'porttrack-users-cli',
    });
    const cache = config.redisUrl
      ? await connectRedisCache(config.redisUrl, config.redisKeyPrefix)
      : createMemoryCache();
    close = async () => {
      await cache.close();
      await pool.end();
    };
    if (!config.redisUrl)
      io.err(`REDIS_URL unset: running APIs refuse revoked tokens within ${tokenVersionCheckSeconds} s`);
    await migrate(pool, { dir: migrationsDir, table: 'schema_migrations' });
    const duration = new Histogram({
      name: 'cli_db_seconds',
      help: 'unused',
      labelNames: ['operation'],
      registers: [],
    });
    const db = createDb(pool, duration);
    const result = await run(name as string, args, options, {
      deps: { db, versions: new TokenVersions(cache, db) },
      actor: { name: `cli:${env.SUDO_USER ?? userInfo().username}` },
      io,
    });
    for (const row of Array.isArray(result) ? result : [result]) io.out(JSON.stringify(row));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${usage}`);
      return 2;
    }
    if (err instanceof HttpError && err.status < 500) {
      io.err(`refused: ${err.message}`);
      for (const d of err.extra.details ?? [])
        io.err(`  ${d.path.replace(/^(body|query)\.?/, '') || 'value'}: ${d.message}`);
      return 1;
    }
    throw err;
  } finally {
    await close();
  }
}

const arity: Record<string, number> = {
  list: 0,
  create: 2,
  disable: 1,
  enable: 1,
  'set-role': 2,
  'reset-password': 1,
  audit: 0,
};

interface Session {
  deps: users.UserAdminDeps;
  actor: Actor;
  io: CliIo;
}

/** One command, its input checked by the same schemas as the admin endpoints. */
async function run(name: string, args: string[], options: Record<string, string>, s: Session) {
  const { deps, actor } = s;
  const target = () => users.userIdByEmail(deps, validate('body', email, args[0]));
  const password = () => readPassword(options['password-file'], s.io);
  switch (name) {
    case 'list':
      return (await users.listUsers(deps, 500, 0)).items;
    case 'create': {
      const input = validate('body', createUser, {
        email: args[0],
        role: args[1],
        password: await password(),
      });
      return users.createUser(deps, actor, input);
    }
    case 'disable':
    case 'enable':
      return users.changeUser(deps, actor, await target(), { disabled: name === 'disable' });
    case 'set-role':
      return users.changeUser(deps, actor, await target(), validate('body', changeUser, { role: args[1] }));
    case 'reset-password': {
      const input = validate('body', resetPassword, { password: await password() });
      return users.resetPassword(deps, actor, await target(), input.password);
    }
    default:
      return (await users.listAuditLog(deps, validate('query', auditQuery, { limit: options.limit ?? '50' })))
        .items;
  }
}

function parseArgs(argv: readonly string[]) {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) positional.push(arg);
    else if (arg === '--password-file' || arg === '--limit') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      options[arg.slice(2)] = value;
    } else throw new UsageError(`unknown option ${arg} (passwords never go on the command line)`);
  }
  return { positional, options };
}

/** From a file, else piped stdin, else a fresh one printed once (it is not stored anywhere else). */
async function readPassword(file: string | undefined, io: CliIo): Promise<string> {
  const given = file !== undefined ? await readFile(file, 'utf8') : await io.stdin();
  if (given !== undefined) return given.replace(/\r?\n$/, '');
  const made = randomPassword();
  io.err(`generated password (shown once): ${made}`);
  return made;
}
