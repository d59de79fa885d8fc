/**
 * The example host's audit trail of directory changes, fed from the durable change feed rather than from events:
 * each page of changes is written to the host's own table together with the feed cursor, in one transaction, so a
 * restart resumes exactly after the last change recorded — no change lost, none recorded twice. Events only say
 * "read now"; the feed is the record.
 */
import type { Knex } from 'knex';
import type { ScimDirectory } from '../../lib/index.js';

/** The host's tables (a real host creates them with its own migrations). */
export async function ensureAuditTables(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasTable('wiki_audit'))) {
    await knex.schema.createTable('wiki_audit', (table) => {
      table.bigIncrements('id');
      table.text('tenant_id').notNullable();
      table.text('type').notNullable();
      table.uuid('resource_id').notNullable();
      table.text('summary').notNullable();
      table.timestamp('at', { useTz: true }).notNullable();
      table.index(['tenant_id', 'id']);
    });
  }
  if (!(await knex.schema.hasTable('wiki_feed_cursor'))) {
    await knex.schema.createTable('wiki_feed_cursor', (table) => {
      table.text('consumer').primary();
      table.text('cursor').notNullable();
    });
  }
}

/** Copies the change feed into `wiki_audit`. */
export class AuditTrail {
  private syncing: Promise<number> | undefined;
  private again = false;

  constructor(
    private readonly knex: Knex,
    private readonly scim: ScimDirectory,
    private readonly consumer = 'audit',
  ) {}

  /** Records every change after the stored cursor; returns how many. Calls while one runs are folded into one more. */
  sync(): Promise<number> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = this.drain().finally(() => {
      this.syncing = undefined;
      if (this.again) {
        this.again = false;
        void this.sync();
      }
    });
    return this.syncing;
  }

  /** A tenant's recorded changes, newest first. */
  async recent(tenantId: string, limit = 50): Promise<{ type: string; resourceId: string; summary: string; at: Date }[]> {
    const rows = await this.knex('wiki_audit').where({ tenant_id: tenantId }).orderBy('id', 'desc').limit(limit);
    return rows.map((row) => ({ type: row.type, resourceId: row.resource_id, summary: row.summary, at: new Date(row.at) }));
  }

  private async drain(): Promise<number> {
    let recorded = 0;
    for (;;) {
      const stored = await this.knex('wiki_feed_cursor').where({ consumer: this.consumer }).first('cursor');
      const page = await this.scim.changes.read({ limit: 500, ...(stored ? { after: String(stored.cursor) } : {}) });
      if (page.changes.length === 0) return recorded;
      await this.knex.transaction(async (trx) => {
        await trx('wiki_audit').insert(
          page.changes.map((change) => ({
            tenant_id: change.tenantId,
            type: change.type,
            resource_id: change.resourceId,
            summary: JSON.stringify(change.data),
            at: change.at,
          })),
        );
        await trx('wiki_feed_cursor').insert({ consumer: this.consumer, cursor: page.cursor }).onConflict('consumer').merge();
      });
      recorded += page.changes.length;
    }
  }
}
