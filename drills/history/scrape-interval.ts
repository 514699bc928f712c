import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';

/** The generated Swarm stack's prometheus.yml: what production scrapes and evaluates at. */
const stackConfig = resolve(import.meta.dirname, '../../stack/prometheus/prometheus.yml');

const seconds = (d: string) => {
  const match = /^(\d+)(s|m)$/.exec(d);
  if (!match) throw new Error(`unexpected duration ${d} in ${stackConfig}`);
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1);
};

/** The stack's global scrape and rule-evaluation intervals, in seconds. */
export function stackIntervals(): { scrapeS: number; evaluationS: number } {
  const config = load(readFileSync(stackConfig, 'utf8')) as {
    global: { scrape_interval: string; evaluation_interval: string };
  };
  return {
    scrapeS: seconds(config.global.scrape_interval),
    evaluationS: seconds(config.global.evaluation_interval),
  };
}
