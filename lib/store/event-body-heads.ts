/**
 * The first characters of events' recorded bodies, for the event log list: enough to find the name of the user or
 * group a request was about without reading bodies of up to 64 KiB each.
 */
import type { Knex } from 'knex';
import { resultRows } from './result-rows.js';

/** The beginning of one event's request and response body. */
export interface EventBodyHeads {
  readonly requestHead: string | null;
  readonly responseHead: string | null;
}

/** The first `length` characters of the bodies of the given events of one tenant, by event id. */
export async function eventBodyHeads(db: Knex, tenantId: string, ids: readonly string[], length = 4096): Promise<Map<string, EventBodyHeads>> {
  const heads = new Map<string, EventBodyHeads>();
  const wanted = ids.filter((id) => /^\d{1,19}$/.test(id));
  if (wanted.length === 0) return heads;
  const rows = resultRows<{ id: string | number; request_head: string | null; response_head: string | null }>(
    await db('scim_event_log')
      .where('tenant_id', tenantId)
      .whereIn('id', wanted)
      .select('id', db.raw('left(request_body, ?) as request_head', [length]), db.raw('left(response_body, ?) as response_head', [length])),
  );
  for (const row of rows) heads.set(String(row.id), { requestHead: row.request_head, responseHead: row.response_head });
  return heads;
}
