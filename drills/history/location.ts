import { resolve } from 'node:path';

/** Where the history lives: PORTTRACK_HISTORY_DIR, else .data/history in the checkout (git-ignored). */
export function historyDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PORTTRACK_HISTORY_DIR ?? resolve(import.meta.dirname, '../../.data/history');
}
