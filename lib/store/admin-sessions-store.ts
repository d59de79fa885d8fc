/**
 * The standalone admin's signed-out sessions (`scim_admin_revoked_sessions`), shared by every instance on one
 * database so that a session ended on one is refused by all.
 */
import type { Knex } from 'knex';
import { firstRow } from './result-rows.js';

/** Records and looks up signed-out admin sessions. */
export interface AdminSessionsStore {
  /**
   * Records that session `sessionId`, valid until `expiresAt`, was signed out; rows of sessions already expired are
   * removed in the same statement, so the table holds only sessions that would otherwise still be valid.
   */
  revoke(sessionId: string, expiresAt: Date): Promise<void>;
  /** True when `sessionId` was signed out. */
  isRevoked(sessionId: string): Promise<boolean>;
}

/** The store over `knex`. */
export function createAdminSessionsStore(knex: Knex): AdminSessionsStore {
  return {
    async revoke(sessionId, expiresAt) {
      // One statement: the prune and the insert commit together.
      await knex.raw(
        `with pruned as (delete from scim_admin_revoked_sessions where expires_at < now())
         insert into scim_admin_revoked_sessions (session_id, expires_at) values (?, ?)
         on conflict (session_id) do nothing`,
        [sessionId, expiresAt],
      );
    },
    async isRevoked(sessionId) {
      const row = firstRow<{ session_id: string }>(await knex('scim_admin_revoked_sessions').where({ session_id: sessionId }).first('session_id'));
      return row !== undefined;
    },
  };
}
