/**
 * The event log builds its record of a request at flush time from the parsed body object itself, so nothing may
 * modify a parsed request body, during the request or after it. Every identity provider's replay (the dialect
 * rules: string booleans, pathless URN keys, remove-with-value, Okta's full-object PUT, …), a Bulk request and
 * SearchRequests run here with deep-frozen bodies: an assignment to one throws in strict-mode code (a 500, or a
 * failed step), and what the log stores must be the body as it arrived, redacted.
 */
import express from 'express';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimDirectory, type ScimDirectory } from '../../lib/directory.js';
import { requestBodyText } from '../../lib/eventlog/body-text.js';
import { getEvent, listEvents } from '../../lib/store/event-log-store.js';
import { loadSuite, suiteFolders } from '../conformance/replay/fixture.js';
import { runStep, type ReplayTarget } from '../conformance/replay/run-step.js';
import { testKnex } from '../support/database.js';
import { memoryLogger, scimFetch } from '../support/http-host.js';

const PREFIX = '/scim';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const conformanceRoot = fileURLToPath(new URL('../conformance/', import.meta.url));

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}

let knex: Knex;
let directory: ScimDirectory;
let server: Server;
let origin: string;
/** Request id → a copy of the body as it arrived, taken before it was frozen. */
const arrived = new Map<string, unknown>();
/** Request id → status, of every request that had a body. */
const statuses = new Map<string, number>();

beforeAll(async () => {
  knex = testKnex();
  directory = createScimDirectory({ knex, logger: memoryLogger() });
  const app = express();
  // Parses the body before the SCIM router (whose parser then leaves it alone) and freezes it.
  app.use(PREFIX, express.json({ type: ['application/scim+json', 'application/json'] }), (req, res, next) => {
    if (req.body !== undefined) {
      const copy = structuredClone(req.body as unknown);
      deepFreeze(req.body);
      res.on('finish', () => {
        const requestId = String(res.getHeader('X-Request-Id'));
        arrived.set(requestId, copy);
        statuses.set(requestId, res.statusCode);
      });
    }
    next();
  });
  app.use(PREFIX, directory.scimRouter);
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await directory?.close();
  await knex?.destroy();
});

async function newTarget(name: string): Promise<ReplayTarget> {
  const { tenant, credential } = await directory.tenants.create(name);
  return { baseUrl: `${origin}${PREFIX}/${tenant.id}/v2`, token: credential.token, tenantId: tenant.id, knex };
}

/** Checks that the tenant's stored request bodies are those that arrived, redacted; returns how many there were. */
async function expectStoredAsArrived(tenantId: string): Promise<number> {
  await directory.close(); // flushes the event log
  const { events } = await listEvents(knex, tenantId, { limit: 1000 });
  let compared = 0;
  for (const event of events) {
    if (!arrived.has(event.requestId)) continue;
    const detail = await getEvent(knex, tenantId, event.id);
    expect(detail?.requestBody ?? undefined, `${event.method} ${event.path}`).toBe(requestBodyText(arrived.get(event.requestId)));
    compared++;
  }
  return compared;
}

describe('request bodies are never modified', () => {
  for (const folder of suiteFolders(conformanceRoot)) {
    const suite = loadSuite(folder);
    it(`${suite.title} replay passes with frozen bodies and the log stores them as they arrived`, async () => {
      const target = await newTarget(`frozen ${suite.title}`);
      const variables = new Map<string, string>();
      for (const step of suite.steps) {
        expect(await runStep(target, suite, step, variables), step.file).toEqual([]);
      }
      expect(await expectStoredAsArrived(target.tenantId)).toBeGreaterThan(0);
    });
  }

  it('Bulk and SearchRequests run on frozen bodies and are stored as they arrived', async () => {
    const target = await newTarget('frozen bulk and search');
    const bulk = await scimFetch(`${target.baseUrl}/Bulk`, target.token, {
      body: {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'u1', data: { schemas: [USER], userName: 'bulk1@example.com', active: 'True', password: 'Bulk-Secret-1' } },
          { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Bulk group', members: [{ value: 'bulkId:u1' }] } },
          {
            method: 'PATCH',
            path: '/Users/bulkId:u1',
            data: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', value: { 'name.givenName': 'Bulk', active: 'False' } }] },
          },
        ],
      },
    });
    expect(bulk.status, bulk.text).toBe(200);
    expect(JSON.stringify(bulk.body)).not.toContain('"status":"500"');
    for (const path of ['/Users/.search', '/.search']) {
      const search = await scimFetch(`${target.baseUrl}${path}`, target.token, {
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "bulk1@example.com"', attributes: ['userName', 'emails[type eq "work"].value'] },
      });
      expect(search.status, search.text).toBe(200);
    }
    expect(await expectStoredAsArrived(target.tenantId)).toBe(3);
  });

  it('saw no request with a body end in a server error', () => {
    expect(statuses.size).toBeGreaterThan(20);
    expect([...statuses].filter(([, status]) => status >= 500)).toEqual([]);
  });
});
