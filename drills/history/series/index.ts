import type { Moment } from '../moment.ts';
import { apiSeries } from './api.ts';
import { upOf, type Series } from './define.ts';
import { ownServiceSeries } from './own-services.ts';
import { portSeries } from './port.ts';
import { targetSeries, thirdPartySeries } from './third-party.ts';

export type { Series } from './define.ts';

/** Every series the stack scrapes, in a stable order (the history's series, one list). */
export function allSeries(): Series[] {
  return [...targetSeries(), ...apiSeries(), ...portSeries(), ...ownServiceSeries(), ...thirdPartySeries()];
}

/**
 * Whether a scrape at the moment writes the series: a target that is down writes only its `up`
 * (Prometheus records `up 0` for the failed scrape and nothing else); a target gone from
 * discovery is not scraped at all.
 */
export const scraped = (s: Series, m: Moment) => !s.vanishes?.(m) && (s.name === 'up' || upOf(s.job, m));
