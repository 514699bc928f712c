import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { packageOf } from '../lib/tools/table.ts';

/** The full path of an executable on PATH, or undefined. */
export function findBinary(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

export function missingBinaryMessage(name: string): string {
  return `${name} is not on PATH; install it with: sudo apt-get install ${packageOf(name)}`;
}
