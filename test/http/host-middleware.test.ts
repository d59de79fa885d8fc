/**
 * Middleware a host adds with `scim.scimRouter.use(...)` after the directory was built runs for SCIM requests before
 * the SCIM endpoints, as Express documents for a mounted router: it sees successes and errors alike, may answer
 * itself, and an error it passes on gets a SCIM error body.
 */
import type { NextFunction, Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Host middleware');
  const { scimRouter } = host.directory;
  // Adds a header to every SCIM response.
  scimRouter.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Host-Middleware', 'seen');
    next();
  });
  // Takes Groups offline: answers 503 itself, the SCIM endpoint never runs.
  scimRouter.use('/:tenantId/v2/Groups', (_req: Request, res: Response) => {
    res.status(503).set('Retry-After', '120').json({ detail: 'Groups are being migrated.' });
  });
  // Refuses a request with an error of its own, in Express's convention (a `status` on the error).
  scimRouter.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.get('x-quota') === 'exceeded') next(Object.assign(new Error('The quota of this tenant is used up.'), { status: 429 }));
    else next();
  });
  // A route of the host's own below the mount; registration chains on scimRouter as on any router.
  expect(scimRouter.get('/:tenantId/v2/HostStatus', (req: Request, res: Response) => void res.json({ tenant: req.params.tenantId }))).toBe(scimRouter);
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

describe('host middleware on scimRouter', () => {
  it('runs for successful SCIM requests and for their errors', async () => {
    const created = await call('/Users', { body: { schemas: [USER], userName: 'ada@host' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-host-middleware')).toBe('seen');
    for (const response of [
      await scimFetch(`${tenant.baseUrl}/Users`, undefined),
      await call('/Users/00000000-0000-4000-8000-000000000000'),
      await call('/Devices'),
      await call('/Users', { method: 'PUT', body: {} }),
    ]) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.headers.get('x-host-middleware')).toBe('seen');
      expect(response.body.schemas).toEqual([ERROR]);
    }
  });

  it('can answer a request itself before the SCIM endpoint runs', async () => {
    const refused = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Never created' } });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('120');
    expect(refused.body).toEqual({ detail: 'Groups are being migrated.' });
    expect((await call('/Users?count=1')).status).toBe(200);
    const groups = await host.directory.directory.groups.list(tenant.tenantId);
    expect(groups.totalResults).toBe(0);
  });

  it('serves a route the host added with a verb method before the SCIM endpoints', async () => {
    const response = await scimFetch(`${tenant.baseUrl}/HostStatus`, undefined);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ tenant: tenant.tenantId });
    expect((await scimFetch(`${tenant.baseUrl}/HostStatus`, undefined, { method: 'DELETE' })).status).toBe(401);
  });

  it('gets a SCIM error body for an error it passes on', async () => {
    const response = await call('/Users', { headers: { 'x-quota': 'exceeded' } });
    expect(response.status).toBe(429);
    expect(response.body).toEqual({ schemas: [ERROR], status: '429', detail: 'The quota of this tenant is used up.' });
    expect(response.headers.get('x-host-middleware')).toBe('seen');
  });
});
