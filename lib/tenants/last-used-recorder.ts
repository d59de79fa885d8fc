/**
 * Records when credentials were last used without a database write per request: uses are collected in memory
 * and written in one statement per flush.
 */
import type { Knex } from 'knex';
import { writeLastUsed, type CredentialUse } from '../store/credentials-store.js';

/** Batches credential last-used times. */
export class LastUsedRecorder {
  private readonly pending = new Map<string, CredentialUse>();
  private timer: NodeJS.Timeout | undefined;
  /** The write of the flushes so far; a flush waits for it, so listing after a flush sees every earlier use. */
  private written: Promise<void> = Promise.resolve();

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

  /**
   * Writes every pending use now, after any flush still writing (the timer's, say), so that once it resolves every
   * use recorded before the call is in the database.
   */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const uses = [...this.pending.values()];
    this.pending.clear();
    const write = this.written.then(() => (uses.length > 0 ? writeLastUsed(this.knex, uses) : undefined));
    this.written = write.catch(() => undefined);
    await write;
  }
}
