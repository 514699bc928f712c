import { spawn } from 'node:child_process';

/** `promtool check metrics` on an exposition text: every finding line, none when clean. */
export function lintFindings(text: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('error', (err) =>
      reject(new Error(`promtool: ${err.message}; install it with: sudo apt-get install prometheus`)),
    );
    child.once('close', () =>
      resolve(
        out
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    );
    child.stdin.end(text);
  });
}
