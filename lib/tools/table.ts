import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../generated.ts';

/** One row of scripts/tools/tools.txt: a program, the Debian package that ships it, who needs it. */
export interface ToolRow {
  program: string;
  debianPackage: string;
  neededBy: string[];
}

export const toolTablePath = join(repoRoot, 'scripts/tools/tools.txt');

/** The table scripts/ensure-tools.sh installs from (the one list of programs and packages). */
export function toolTable(path = toolTablePath): ToolRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line) => {
      const [program, debianPackage, neededBy, extra] = line.split(/\s+/);
      if (!program || !debianPackage || !neededBy || extra !== undefined)
        throw new Error(`${path}: "${line}" is not "program package needed-by"`);
      return { program, debianPackage, neededBy: neededBy.split(',') };
    });
}

/** The Debian package that ships a program, from the table (the program's own name when absent). */
export function packageOf(program: string): string {
  return toolTable().find((row) => row.program === program)?.debianPackage ?? program;
}
