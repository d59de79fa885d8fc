/**
 * Bulk, cursor paging and streamed member lists on the embedded PGlite of the standalone server: their statements
 * (jsonb_to_recordset batches, keyset reads, lateral member batches, the cursor key in scim_settings) must run
 * there unchanged.
 */
import { describe, expect, it } from 'vitest';
import { usePgliteHost } from '../support/pglite-host.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

const fixture = usePgliteHost('PGlite scale');
const { call } = fixture;

describe('large-directory features on PGlite', () => {
  it('imports users by Bulk, pages them by cursor and streams a group of them', async () => {
    const Operations = [
      ...Array.from({ length: 1500 }, (_, i) => ({ method: 'POST', path: '/Users', bulkId: `u${i}`, data: { schemas: [USER], userName: `user${i}`, emails: [{ value: `user${i}@x.example` }] } })),
    ];
    const first = await call('/Bulk', { body: { schemas: [BULK], Operations: Operations.slice(0, 1000) } });
    expect(first.status).toBe(200);
    const members = Operations.slice(1000).map((operation) => ({ value: `bulkId:${operation.bulkId}` }));
    const second = await call('/Bulk', {
      body: { schemas: [BULK], Operations: [{ method: 'POST', path: '/Groups', bulkId: 'g', data: { schemas: [GROUP], displayName: 'All', members } }, ...Operations.slice(1000)] },
    });
    expect(second.status).toBe(200);
    const statuses = [...first.body.Operations, ...second.body.Operations].map((o: { status: string }) => o.status);
    // 1500 users and the group, whose members named users of operations after it.
    expect(statuses.filter((s) => s === '201')).toHaveLength(1501);
    // Cursor walk over all users.
    const seen = new Set<string>();
    let cursor = '';
    for (;;) {
      const page = await call(`/Users?cursor=${cursor}&count=400&sortBy=userName&attributes=userName`);
      expect(page.status).toBe(200);
      for (const user of page.body.Resources as { id: string }[]) seen.add(user.id);
      if (!page.body.nextCursor) break;
      cursor = page.body.nextCursor;
    }
    expect(seen.size).toBe(1500);
    const all = await call(`/Groups/${(second.body.Operations[0] as { location: string }).location.split('/').pop()}`);
    expect(all.body.members).toHaveLength(500);
    const group = await call('/Groups', { body: { schemas: [GROUP], displayName: 'Everyone' } });
    const ids = [...seen];
    for (let i = 0; i < ids.length; i += 500) {
      const added = await call(`/Groups/${group.body.id}`, {
        method: 'PATCH',
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'members', value: ids.slice(i, i + 500).map((value) => ({ value })) }] },
      });
      expect(added.status).toBe(204);
    }
    const read = await call(`/Groups/${group.body.id}`);
    expect(read.body.members).toHaveLength(1500);
    expect(new Set(read.body.members.map((m: { value: string }) => m.value)).size).toBe(1500);
  });
});
