/**
 * The statement timeout over HTTP: a create whose transaction runs past `statementTimeoutMs` (a host hook sleeping
 * in the database) is answered 503 with `Retry-After` and a SCIM error naming the timeout, logged once as a
 * database-unavailable line rather than a 500 with a stack; nothing of it is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger, scimFetch, startTestHost, type TestHost } from '../support/http-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

const logger = memoryLogger();
let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };

beforeAll(async () => {
  host = await startTestHost({
    logger,
    statementTimeoutMs: 300,
    hooks: {
      beforeUserWrite: async ({ resource, db }) => {
        if (String(resource.userName).startsWith('slow')) await db.raw('select pg_sleep(30)');
      },
    },
  });
  tenant = await host.createTenant('Statement timeout');
});
afterAll(async () => {
  await host?.close();
});

describe('statementTimeoutMs', () => {
  it('answers 503 with Retry-After when a statement runs too long, and stores nothing', async () => {
    const slow = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName: 'slow@timeout' } });
    expect(slow.status).toBe(503);
    expect(slow.headers.get('retry-after')).toBe('5');
    expect(slow.body).toMatchObject({ schemas: [ERROR], status: '503', detail: expect.stringContaining('statement timeout') });
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(logger.lines.filter((l) => l.message === 'database unavailable').map((l) => l.meta?.failureClass)).toEqual(['statement-timeout']);

    const quick = await scimFetch(`${tenant.baseUrl}/Users`, tenant.token, { body: { schemas: [USER], userName: 'quick@timeout' } });
    expect(quick.status).toBe(201);
    const list = await scimFetch(`${tenant.baseUrl}/Users?filter=${encodeURIComponent('userName ew "@timeout"')}`, tenant.token);
    expect(list.body.Resources.map((u: { userName: string }) => u.userName)).toEqual(['quick@timeout']);
  });
});
