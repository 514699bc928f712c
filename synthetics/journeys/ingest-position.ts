import { type Answer, apiPath, field, type Journey, items, loginStep, type Schema } from './journey.ts';

// Outside the demo port's approaches (open sea south-east of Valencia), so a probe's report
// never lands on the harbour map among the simulated traffic.
const probeSpot = { lat: 39.2, lon: -0.05 };

/**
 * The AIS path end to end: report a position for a known vessel and read it back from the
 * vessel's track, the way a tracking screen would.
 */
export const ingestPosition: Journey = {
  name: 'ingest-position',
  description: 'log in, post one AIS position, read it back from the track',
  steps: [
    loginStep,
    {
      name: 'pick a vessel',
      request: () => ({ method: 'GET', path: apiPath('/vessels?limit=1'), auth: true }),
      expectStatus: 200,
      verify: (body, ctx) => {
        const first = items(body)?.[0];
        const mmsi = field<Schema<'Vessel'>>(first, 'mmsi');
        const id = field<Schema<'Vessel'>>(first, 'id');
        if (typeof mmsi !== 'string' && typeof mmsi !== 'number') return 'no vessel with an MMSI';
        ctx.vars.mmsi = String(mmsi);
        ctx.vars.vesselId = id as string | number;
        return undefined;
      },
    },
    {
      name: 'post a position',
      request: (ctx) => {
        const report: Schema<'PositionReport'> = {
          mmsi: String(ctx.vars.mmsi),
          ts: new Date(ctx.startedAt).toISOString(),
          ...probeSpot,
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
