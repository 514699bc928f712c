import { syntheticVessel } from '../../../lib/domain/synthetic-vessel.ts';
import { forbidden } from '../../../lib/http/errors.ts';

/**
 * The `probe` role posts positions for the reserved synthetic vessel only: a leaked probe
 * password must not move real vessels on the map nor feed the AIS freshness metrics.
 */
export function onlySyntheticVessel(reports: readonly unknown[]): void {
  const foreign = reports.findIndex(
    (r) => typeof r !== 'object' || r === null || (r as { mmsi?: unknown }).mmsi !== syntheticVessel.mmsi,
  );
  if (foreign >= 0)
    throw forbidden(
      `the probe role reports the synthetic vessel (MMSI ${syntheticVessel.mmsi}) only; body[${foreign}] is another`,
    );
}
