import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../../api-routes.ts';
import { routesOf } from '../../routing/mount.ts';
import { accessPolicy } from './access.ts';

// The rules per operation are checked against the document's x-roles (openapi/contract.test.ts);
// these are the paths no operation serves, and the method Express maps onto another.
describe('access rules', () => {
  const refusal = accessPolicy(routesOf(apiRoutes, () => true));

  it('lets the probe role call only the synthetic journeys, unknown paths included', () => {
    expect(refusal('probe', 'GET', '/vessels/7')).toBeUndefined();
    expect(refusal('probe', 'HEAD', '/vessels/7/track')).toBeUndefined();
    expect(refusal('probe', 'POST', '/positions')).toBeUndefined();
    for (const [method, path] of [
      ['GET', '/staff'],
      ['GET', '/nothing-here'],
      ['GET', '/vessels/'],
      ['PUT', '/vessels/7'],
    ])
      expect(refusal('probe', method!, path!), `${method} ${path}`).toBe(
        'the probe role only runs the synthetic journeys',
      );
  });

  it('keeps viewers from writing, on paths no operation serves too', () => {
    expect(refusal('viewer', 'POST', '/positions/stream/tickets')).toBeUndefined();
    expect(refusal('viewer', 'GET', '/nothing-here')).toBeUndefined();
    expect(refusal('viewer', 'PUT', '/berths/1')).toBe('viewers can only read; this needs operator or admin');
    expect(refusal('operator', 'PUT', '/berths/1')).toBeUndefined();
  });

  it('keeps every path under an admin-only segment for admins', () => {
    for (const path of ['/users', '/users/1', '/users/1/unknown', '/audit-log/9'])
      for (const role of ['operator', 'viewer', 'probe'] as const)
        expect(refusal(role, 'GET', path), `${role} ${path}`).toBe(
          'user administration needs the admin role',
        );
    expect(refusal('admin', 'DELETE', '/users/1')).toBeUndefined();
    expect(refusal('viewer', 'GET', '/usersX')).toBeUndefined();
  });
});
