import { execFile } from 'node:child_process';

export interface ExecResult {
  code: number;
  output: string;
}

const installHint: Record<string, string> = {
  promtool: 'apt-get install prometheus',
  amtool: 'apt-get install prometheus-alertmanager',
};

/**
 * Runs a tool and returns its exit code and combined output. A missing tool is a failure
 * (exit 127) whose output says how to install it, so the check reports it as a problem.
 */
export function runTool(tool: string, args: readonly string[], cwd?: string): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(tool, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const err = error as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (err && err.code === 'ENOENT') {
        const hint = installHint[tool] ?? `install ${tool}`;
        resolve({
          code: 127,
          output: `${tool} is not installed: ${hint} (npm test installs it when run as root)`,
        });
        return;
      }
      resolve({ code: typeof err?.code === 'number' ? err.code : err ? 1 : 0, output: `${stdout}${stderr}` });
    });
  });
}
