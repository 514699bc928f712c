import { apiPath, field, type Journey, items, loginStep, type Schema } from './journey.ts';

/** A port operator signs in and opens the vessel list. */
export const loginListVessels: Journey = {
  name: 'login-list-vessels',
  description: 'log in, list vessels, open the first one',
  steps: [
    loginStep,
    {
      name: 'list vessels',
      request: () => ({ method: 'GET', path: apiPath('/vessels?limit=20'), auth: true }),
      expectStatus: 200,
      verify: (body, ctx) => {
        const list = items(body);
        if (!list) return 'the vessel list has no items array';
        if (list.length === 0) return 'the vessel list is empty';
        const id = field<Schema<'Vessel'>>(list[0], 'id');
        if (typeof id !== 'number' && typeof id !== 'string') return 'the first vessel has no id';
        ctx.vars.vesselId = id;
        return undefined;
      },
    },
    {
      name: 'open a vessel',
      request: (ctx) => ({ method: 'GET', path: apiPath(`/vessels/${ctx.vars.vesselId}`), auth: true }),
      expectStatus: 200,
      verify: (body, ctx) =>
        String(field<Schema<'Vessel'>>(body, 'id')) === String(ctx.vars.vesselId)
          ? undefined
          : 'wrong vessel returned',
    },
  ],
};
