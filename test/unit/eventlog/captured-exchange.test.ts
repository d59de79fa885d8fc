/**
 * A captured exchange holds references on the request path and builds its record only when asked (at flush time):
 * the same record capture used to build at once, redacted, with nothing read from the body before then.
 */
import { describe, expect, it } from 'vitest';
import { CapturedBody } from '../../../lib/eventlog/captured-body.js';
import { CapturedExchange, type ExchangeFacts, type ExchangeRendering } from '../../../lib/eventlog/captured-exchange.js';
import { REDACTED } from '../../../lib/eventlog/redact.js';

const TENANT = 'abcdef123456';
const ID = '2819c223-7f76-453a-919d-413861904646';

/** A create's body whose `userName` counts how often it is read, and a detector that counts its calls. */
function counted() {
  const reads = { body: 0, detect: 0 };
  const body = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    get userName() {
      reads.body++;
      return 'ada@example.com';
    },
    password: 'hunter2-hunter2',
  };
  const rendering: ExchangeRendering = {
    bodyCap: 1024,
    detectProvider: (userAgent) => {
      reads.detect++;
      return userAgent?.includes('Okta') ? 'okta' : undefined;
    },
  };
  return { reads, body, rendering };
}

function facts(body: unknown, contentLength: string | undefined, response?: CapturedBody): ExchangeFacts {
  return {
    tenantId: TENANT,
    keep: 500,
    urlTenantId: TENANT,
    requestId: 'req-1',
    startedAtMs: Date.UTC(2025, 0, 2, 3, 4, 5),
    durationMs: 4.25,
    method: 'POST',
    originalUrl: `/api/scim/${TENANT}/v2/Users?access_token=abcdefgh&x=1`,
    status: 201,
    location: `https://idp.example/api/scim/${TENANT}/v2/Users/${ID}`,
    userAgent: 'Okta SCIM Client 1.0.0 Bearer abcdefghijkl',
    body,
    contentLength,
    response,
  };
}

describe('CapturedExchange', () => {
  it('reads nothing of the body and names no provider until the record is built', () => {
    const { reads, body, rendering } = counted();
    const exchange = new CapturedExchange(rendering, facts(body, '120'));
    expect(reads).toEqual({ body: 0, detect: 0 });
    expect(exchange).toMatchObject({ tenantId: TENANT, keep: 500 });
    exchange.toRecord();
    expect(reads).toEqual({ body: 1, detect: 1 });
  });

  it('builds the redacted record: path, query, resource from Location, provider, user agent, bodies, time', () => {
    const { body, rendering } = counted();
    const response = new CapturedBody(1024);
    response.add(`{"id":"${ID}","userName":"ada@example.com","note":"scimdir_abcdefghijklmnop"}`);
    const record = new CapturedExchange(rendering, facts(body, '120', response)).toRecord();
    expect(record).toEqual({
      tenantId: TENANT,
      at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)),
      requestId: 'req-1',
      method: 'POST',
      path: '/Users',
      query: `access_token=${REDACTED}&x=1`,
      status: 201,
      durationMs: 4.25,
      provider: 'okta',
      userAgent: `Okta SCIM Client 1.0.0 Bearer ${REDACTED}`,
      resourceType: 'Users',
      resourceId: ID,
      requestBody: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com","password":"${REDACTED}"}`,
      responseBody: `{"id":"${ID}","userName":"ada@example.com","note":"scimdir_${REDACTED}"}`,
      keep: 500,
    });
  });

  it('builds the body text at once when the body is larger than the cap or of unknown length, and lets go of it', () => {
    for (const contentLength of ['5000', undefined, 'chunked']) {
      const { reads, body, rendering } = counted();
      const exchange = new CapturedExchange(rendering, facts(body, contentLength));
      expect(reads, String(contentLength)).toEqual({ body: 1, detect: 1 });
      const record = exchange.toRecord();
      expect(reads, String(contentLength)).toEqual({ body: 1, detect: 1 });
      expect(record.requestBody).toContain('"userName":"ada@example.com"');
      expect(record.requestBody).toContain(`"password":"${REDACTED}"`);
      expect(record.provider).toBe('okta');
    }
  });

  it('estimates its memory from the Content-Length and the kept response bytes, without reading the body', () => {
    const { reads, body, rendering } = counted();
    const response = new CapturedBody(1024);
    response.add('x'.repeat(300));
    const small = new CapturedExchange(rendering, facts(body, '100'));
    const larger = new CapturedExchange(rendering, facts(body, '900', response));
    expect(reads.body).toBe(0);
    expect(larger.size - small.size).toBe(2 * 800 + 2 * 300);
    const none = new CapturedExchange(rendering, facts(undefined, '100'));
    expect(small.size - none.size).toBe(2 * 100);
  });
});
