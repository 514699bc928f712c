import type { GeneratedFile } from '../lib/generated.ts';

// Placeholder until the rules generator lands; replaced by its issue's work.
export function rulesFiles(): GeneratedFile[] {
  return [];
}
