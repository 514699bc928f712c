import { describe, expect, it } from 'vitest';
import { scheduledJourneyNames } from '../../lib/catalog/synthetics.ts';
import { scheduledJourneys } from './index.ts';

describe('the scheduled journeys', () => {
  it('are the `journey` label values the catalog declares', () => {
    expect(scheduledJourneys.map((j) => j.name)).toEqual([...scheduledJourneyNames]);
  });
});
