import type { GeneratedFile } from '../lib/generated.ts';
import { composePrometheusFiles } from './compose.ts';
import { stackPrometheusFiles } from './stack.ts';

/** Everything `npm run generate` writes for scraping: the Swarm stack's and the compose file's prometheus.yml. */
export function scrapeFiles(): GeneratedFile[] {
  return [...stackPrometheusFiles(), ...composePrometheusFiles()];
}
