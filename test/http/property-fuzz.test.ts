/**
 * Property tests against a real host on PostgreSQL: generated filters, query parameters, resource bodies and PATCH
 * requests never get a 5xx, and every refusal is a SCIM error body. A few hundred requests in all, so the file
 * stays at a few seconds.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scimFetch, startTestHost, type TestHost } from '../support/http-host.js';
import { filter, listQuery, patchOperation, resourceBody } from '../unit/scim/property/arbitraries.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

let host: TestHost;
let tenant: { tenantId: string; token: string; baseUrl: string };
let userId: string;
let groupId: string;

beforeAll(async () => {
  host = await startTestHost();
  tenant = await host.createTenant('Property');
  userId = (await call('/Users', { body: { schemas: [USER], userName: 'ada', emails: [{ value: 'ada@example.com', type: 'work', primary: true }] } })).body.id;
  groupId = (await call('/Groups', { body: { schemas: [GROUP], displayName: 'Admins', members: [{ value: userId }] } })).body.id;
});
afterAll(() => host.close());

const call = (path: string, init: Parameters<typeof scimFetch>[2] = {}) => scimFetch(`${tenant.baseUrl}${path}`, tenant.token, init);

/** A 2xx, or a 4xx with a SCIM error body; the request is named when it fails. */
function expectAnswered(request: string, response: Awaited<ReturnType<typeof call>>): void {
  expect({ request, status: response.status < 500 }).toEqual({ request, status: true });
  if (response.status >= 400) expect({ request, schemas: response.body?.schemas }).toEqual({ request, schemas: [ERROR] });
}

describe('property: the HTTP layer answers every generated request without a 5xx', () => {
  it('filters in GET and .search, on Users and Groups', async () => {
    await fc.assert(
      fc.asyncProperty(filter, fc.constantFrom('Users', 'Groups'), fc.boolean(), async (text, type, asSearch) => {
        const response = asSearch
          ? await call(`/${type}/.search`, { body: { schemas: [SEARCH], filter: text, count: 2 } })
          : await call(`/${type}?count=2&filter=${encodeURIComponent(text)}`);
        expectAnswered(`${type} filter ${text}`, response);
      }),
      { numRuns: 120 },
    );
  });

  it('list query parameters', async () => {
    await fc.assert(
      fc.asyncProperty(listQuery, async (query) => {
        const response = await call(`/Users?${new URLSearchParams(query).toString()}`);
        expectAnswered(`query ${JSON.stringify(query)}`, response);
      }),
      { numRuns: 80 },
    );
  });

  it('resource bodies for POST and PUT', async () => {
    await fc.assert(
      fc.asyncProperty(resourceBody, fc.constantFrom('Users', 'Groups'), fc.boolean(), async (body, type, replace) => {
        const id = type === 'Users' ? userId : groupId;
        const response = replace ? await call(`/${type}/${id}`, { method: 'PUT', body }) : await call(`/${type}`, { body });
        expectAnswered(`${replace ? 'PUT' : 'POST'} ${type} ${JSON.stringify(body)}`, response);
      }),
      { numRuns: 80 },
    );
  });

  it('PATCH requests on a user and a group', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(patchOperation, { minLength: 1, maxLength: 3 }), fc.constantFrom('Users', 'Groups'), async (operations, type) => {
        const id = type === 'Users' ? userId : groupId;
        const response = await call(`/${type}/${id}`, { method: 'PATCH', body: { schemas: [PATCH], Operations: operations } });
        expectAnswered(`PATCH ${type} ${JSON.stringify(operations)}`, response);
      }),
      { numRuns: 80 },
    );
  });
});
