import { describe, expect, it } from 'vitest';
import { newestPerTenant } from '../../../lib/eventlog/event-log-writer.js';
import type { EventRecord } from '../../../lib/store/event-log-records.js';

const event = (tenantId: string, n: number): EventRecord => ({
  tenantId,
  at: new Date(0),
  requestId: `${tenantId}-${n}`,
  method: 'GET',
  path: '/Users',
  query: undefined,
  status: 200,
  durationMs: 1,
  provider: undefined,
  userAgent: undefined,
  resourceType: 'Users',
  resourceId: undefined,
  requestBody: undefined,
  responseBody: undefined,
  keep: 0,
});

describe('newestPerTenant', () => {
  it('keeps the newest events of each tenant up to its size, in arrival order', () => {
    const events = [event('a', 1), event('b', 1), event('a', 2), event('a', 3), event('b', 2), event('a', 4)];
    const kept = newestPerTenant(events, new Map([['a', 2], ['b', 5]]));
    expect(kept.map((e) => e.requestId)).toEqual(['b-1', 'a-3', 'b-2', 'a-4']);
  });

  it('keeps everything when no tenant has more than its size, and nothing of a tenant that keeps none', () => {
    const events = [event('a', 1), event('b', 1), event('a', 2)];
    expect(newestPerTenant(events, new Map([['a', 2], ['b', 1]]))).toEqual(events);
    expect(newestPerTenant(events, new Map([['a', 0], ['b', 1]])).map((e) => e.requestId)).toEqual(['b-1']);
  });
});
