import { syntheticVessel, syntheticVesselSpot } from '../../lib/domain/synthetic-vessel.ts';
import { type Answer, apiPath, field, type Journey, items, loginStep, type Schema } from './journey.ts';

/**
 * The AIS path end to end: report a position for the reserved synthetic vessel (never a real one:
 * it would jump on the map and keep `AisFeedSilent` quiet) and read it back from the vessel's
 * track, the way a tracking screen would. Its spot is outside the demo port's approaches.
 */
export const ingestPosition: Journey = {
  name: 'ingest-position',
  description: 'log in, post one AIS position, read it back from the track',
  steps: [
    loginStep,
    {
      name: 'find the synthetic vessel',
      request: () => ({
        method: 'GET',
        path: apiPath(`/vessels?q=${syntheticVessel.mmsi}&limit=1`),
        auth: true,
      }),
      expectStatus: 200,
      verify: (body, ctx) => {
        const found = items(body)?.[0];
        if (field<Schema<'Vessel'>>(found, 'mmsi') !== syntheticVessel.mmsi)
          return `the synthetic vessel (MMSI ${syntheticVessel.mmsi}) is missing: the API creates it at start when PORTTRACK_PROBE_EMAIL is set`;
        ctx.vars.mmsi = syntheticVessel.mmsi;
        ctx.vars.vesselId = field<Schema<'Vessel'>>(found, 'id') as string | number;
        return undefined;
      },
    },
    {
      name: 'post a position',
      request: (ctx) => {
        const report: Schema<'PositionReport'> = {
          mmsi: String(ctx.vars.mmsi),
          ts: new Date(ctx.startedAt).toISOString(),
          ...syntheticVesselSpot,
          sog: 0,
          cog: 0,
          heading: 0,
        };
        return { method: 'POST', path: apiPath('/positions'), auth: true, body: [report] };
      },
      expectStatus: 200,
      verify: (body) =>
        field<Answer<'ingestPositions'>>(body, 'accepted') === 1
          ? undefined
          : `not accepted: ${JSON.stringify(body)}`,
    },
    {
      name: 'read it back',
      request: (ctx) => {
        const from = new Date(ctx.startedAt - 1000).toISOString();
        const to = new Date(ctx.startedAt + 1000).toISOString();
        return {
          method: 'GET',
          path: apiPath(`/vessels/${ctx.vars.vesselId}/track?from=${from}&to=${to}`),
          auth: true,
        };
      },
      expectStatus: 200,
      verify: (body, ctx) => {
        const points = field<Answer<'vesselTrack'>>(body, 'points');
        if (!Array.isArray(points)) return 'the track answer has no points array';
        const sent = ctx.startedAt;
        const found = points.some((p) => Date.parse(String(field<Schema<'TrackPoint'>>(p, 'ts'))) === sent);
        return found
          ? undefined
          : `the posted position (ts ${new Date(sent).toISOString()}) is not in the track`;
      },
    },
  ],
};
