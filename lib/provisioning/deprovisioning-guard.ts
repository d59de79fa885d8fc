/**
 * The deprovisioning guard (a tenant setting, off by default; docs/operations.md): when an identity provider
 * deactivates or deletes more than a share of a tenant's active users within a sliding window, further departures
 * are answered and shown on the SCIM API as asked, but held from the host — read API, change feed, events, hooks —
 * until an administrator approves or discards them (held-changes.ts). This file decides, per user write, what the
 * write does to the guard's record; with the guard off it decides without a statement.
 */
import type { Knex } from 'knex';
import type { DeprovisionRecord } from '../store/deprovision-rows.js';
import { guardStanding, heldDeletionOf } from '../store/deprovisions-store.js';
import { approveHeldChanges } from './held-changes.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import type { TenantSettings } from '../tenants/tenant-settings.js';

/** What the guard knows of the request: the tenant's settings and who sent it. */
export interface GuardContext {
  readonly settings: TenantSettings;
  /** The identity provider named by the request's User-Agent (or the User-Agent itself). */
  readonly provider?: string | undefined;
  /** The name of the credential the request was accepted with. */
  readonly credential?: string | undefined;
}

/** The user write the guard is asked about. */
export interface GuardedWrite {
  readonly userId: string;
  /** `active` of the stored user. */
  readonly wasActive: boolean;
  /** A deletion; else an update whose new `active` is `nowActive`. */
  readonly deletes: boolean;
  readonly nowActive: boolean;
  /** The stored document, kept as the state to restore when a hold starts. */
  readonly previous: Readonly<Record<string, unknown>>;
}

/**
 * True when one more departure, counted with `recent` others in the window, passes the threshold: at least
 * `minimum` users and more than `percent` % of those active when the window began (active now plus the others).
 */
export function pastThreshold(settings: TenantSettings, recent: number, active: number | undefined): boolean {
  const departing = recent + 1;
  if (departing < settings.deprovisioningGuardMinimum || active === undefined) return false;
  return departing * 100 > settings.deprovisioningGuardPercent * (active + recent);
}

/**
 * What `write` does to the guard's record: nothing (undefined) with the guard off and for writes that neither
 * depart nor touch a held user; otherwise decided on one small statement.
 */
export async function guardRecord(db: Knex, tenantId: string, guard: GuardContext | undefined, write: GuardedWrite): Promise<DeprovisionRecord | undefined> {
  if (!guard?.settings.deprovisioningGuard) return undefined;
  const departs = write.wasActive && (write.deletes || !write.nowActive);
  // An active user that stays active cannot be held: no statement.
  if (write.wasActive && !departs) return undefined;
  const settings = guard.settings;
  const standing = await guardStanding(db, tenantId, write.userId, settings.deprovisioningGuardWindowMinutes, settings.deprovisioningGuardMinimum);
  const hold = (kind: 'deactivate' | 'delete' | undefined): DeprovisionRecord => ({
    action: 'hold',
    kind,
    previous: write.previous,
    provider: guard.provider,
    credential: guard.credential,
  });
  if (!departs) {
    // An inactive user: only a held one concerns the guard. Reactivating it ends the hold.
    if (!standing.userHeld) return undefined;
    if (!write.deletes && write.nowActive) return { action: 'release' };
    return hold(write.deletes ? 'delete' : undefined);
  }
  const kind = write.deletes ? 'delete' : 'deactivate';
  // Once changes are held, every further departure is held too, until an administrator decides.
  if (standing.userHeld || standing.anyHeld || pastThreshold(settings, standing.recent, standing.active)) return hold(kind);
  return { action: 'count', windowMinutes: settings.deprovisioningGuardWindowMinutes };
}

/**
 * Before the identity provider creates a user: when the guard holds the deletion of a user with the same userName,
 * the provider re-creating it means that record is gone for good, so the held deletion goes through (the host hears
 * of it before the new user). One small statement with the guard on; none when nothing is held for that name.
 */
export async function finishHeldDeletion(deps: ProvisioningDeps, tenantId: string, userName: string): Promise<void> {
  const held = await heldDeletionOf(deps.knex, tenantId, userName);
  if (held !== undefined) await approveHeldChanges(deps, tenantId, [held]);
}
