/**
 * Who runs a CLI command, for the audit trail: `cli (<operating-system user>)`, source `cli`. The CLI is run by
 * whoever can reach the database's credentials, so the OS account is the best name at hand.
 */
import { userInfo } from 'node:os';
import type { AuditActor } from '../tenants/admin-audit.js';

/** The actor of this CLI process. */
export function cliActor(): AuditActor {
  let user: string | undefined;
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for the uid (some containers): fall back to the environment.
    user = process.env.USER ?? process.env.LOGNAME;
  }
  return { actor: `cli (${user || 'unknown user'})`, source: 'cli' };
}
