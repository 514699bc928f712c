import { spawn } from 'node:child_process';

/** What a command printed; `command()` throws with its stderr when it exits non-zero. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs a program without a shell and resolves with its trimmed output; rejects (with the
 * command line and its stderr) on a non-zero exit unless `allowFailure` is set. Asynchronous, so
 * that the three nodes start, load images and answer checks side by side.
 */
export function command(
  cmd: string,
  args: string[],
  options: { input?: string; allowFailure?: boolean } = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { stdout: stdout.trim(), stderr: stderr.trim(), code: code ?? 1 };
      if (result.code === 0 || options.allowFailure) resolve(result);
      else
        reject(
          new Error(
            `${cmd} ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(-800) || result.stdout.slice(-800)}`,
          ),
        );
    });
    child.stdin.end(options.input ?? '');
  });
}

/** `docker ARGS` on the machine's engine: its stdout. */
export const hostDocker = async (...args: string[]) => (await command('docker', args)).stdout;

/**
 * `docker save IMAGES | docker exec -i NODE docker load`: the images move as one tar stream,
 * never touching the disk in between.
 */
export function pipeImages(images: string[], node: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const save = spawn('docker', ['save', ...images], { stdio: ['ignore', 'pipe', 'pipe'] });
    const load = spawn('docker', ['exec', '-i', node, 'docker', 'load', '-q'], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let errors = '';
    save.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    load.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    save.stdout.pipe(load.stdin);
    let saveCode: number | null = null;
    save.on('error', reject);
    load.on('error', reject);
    save.on('close', (code) => (saveCode = code));
    load.on('close', (code) => {
      if (code === 0 && saveCode === 0) resolve();
      else
        reject(
          new Error(
            `docker save | docker exec -i ${node} docker load failed (${saveCode}, ${code}): ${errors.slice(-800)}`,
          ),
        );
    });
  });
}
