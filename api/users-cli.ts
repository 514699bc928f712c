import { ConfigError } from '../lib/config/env.ts';
import { runUsersCli } from './domain/users/cli.ts';

// `npm run users -- <command>`: user administration from a shell (api/domain/users/cli.ts).
async function pipedStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split('\n')[0];
}

try {
  process.exitCode = await runUsersCli(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stdin: pipedStdin,
  });
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `users: ${(err as Error).message}`);
  process.exitCode = 1;
}
