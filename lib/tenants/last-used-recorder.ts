/**
 * Records when credentials were last used without a database write per request: uses are collected in memory
 * and written in one statement per flush.
 */
import type { Knex } from 'knex';

/** Batches credential last-used times. */
export class LastUsedRecorder {
  private readonly pending = new Map<string, { tenantId: string; credentialId: string; at: Date }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly knex: Knex,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Notes a use; written at the next flush. */
  record(tenantId: string, credentialId: string): void {
    this.pending.set(`${tenantId}/${credentialId}`, { tenantId, credentialId, at: new Date() });
    if (!this.timer && this.intervalMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush().catch(this.onError);
      }, this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes every pending use now. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const uses = [...this.pending.values()];
    this.pending.clear();
    const rows = uses.map((u) => [u.tenantId, u.credentialId, u.at.toISOString()]);
    await this.knex.raw(
      `update scim_credentials c set last_used_at = greatest(coalesce(c.last_used_at, v.at), v.at)
         from (select * from jsonb_to_recordset(?::jsonb) as x(t text, c text, at timestamptz)) v
        where c.tenant_id = v.t and c.credential_id = v.c`,
      [JSON.stringify(rows.map(([t, c, at]) => ({ t, c, at })))],
    );
  }
}
