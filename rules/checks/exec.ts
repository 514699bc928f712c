import { execFile } from 'node:child_process';

export interface ExecResult {
  code: number;
  output: string;
}

const installHint: Record<string, string> = {
  promtool: 'apt-get install prometheus',
  amtool: 'apt-get install prometheus-alertmanager',
};

/** Runs a tool and returns its exit code and combined output; a missing tool says how to install it. */
export function runTool(tool: string, args: readonly string[], cwd?: string): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    execFile(tool, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (err && err.code === 'ENOENT') {
        reject(
          new Error(
            `${tool} is not installed: ${installHint[tool] ?? `install ${tool}`} (or run npm test as root)`,
          ),
        );
        return;
      }
      resolve({ code: typeof err?.code === 'number' ? err.code : err ? 1 : 0, output: `${stdout}${stderr}` });
    });
  });
}
