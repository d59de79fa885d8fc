/**
 * The change feed and the events as the host sees them: one typed record per change, the same shape whether it is
 * read from the feed (`scim.changes.read`) or heard as an event (`scim.on('user.deactivated', …)`).
 */
import type { ChangeType } from '../store/changes-store.js';

export type { ChangeType } from '../store/changes-store.js';

/** Every change type, in the order the feed documents them. */
export const CHANGE_TYPES: readonly ChangeType[] = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'user.roles.changed',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.member_added',
  'group.member_removed',
];

/** Where a change came from when it was not an identity provider's SCIM request. */
export interface ChangeSource {
  /** `admin`: an administrator's action in the admin UI or API (a removal, a change of a group's roles). */
  readonly source?: 'admin';
  /** The resource was deleted with the `softDelete` option: the read API still returns it as a tombstone. */
  readonly tombstone?: true;
}

/** What a user change says about the user (its state after the change; before it, for `user.deleted`). */
export interface UserChangeData extends ChangeSource {
  readonly userName: string;
  readonly externalId: string | null;
  readonly active: boolean;
}

/**
 * What `user.roles.changed` says: the user (as other user changes do), its effective role values after the change
 * (sorted), and the values it gained and lost. Effective roles are the values of the user's own `roles` and the
 * roles of the groups mapped to a role that it belongs to, nested groups included; read the sources of each with
 * `scim.directory.users.roles(tenantId, userId)`.
 */
export interface RolesChangeData extends UserChangeData {
  readonly roles: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** What a group change says about the group. */
export interface GroupChangeData extends ChangeSource {
  readonly displayName: string;
  readonly externalId: string | null;
}

/** The member of a `group.member_added` / `group.member_removed` change; the group is the change's resource. */
export interface MemberChangeData extends ChangeSource {
  readonly memberId: string;
  readonly memberType: 'User' | 'Group';
}

/** One change of the feed. */
export interface FeedChangeOf<T extends ChangeType, R extends 'User' | 'Group', D> {
  /** The change's global sequence number: unique, increasing in insertion order (not commit order). */
  readonly seq: number;
  /** The feed position of this change: pass it as `after` to read what follows. Opaque text. */
  readonly cursor: string;
  readonly tenantId: string;
  /** When the transaction that made the change started. */
  readonly at: Date;
  readonly type: T;
  readonly resourceType: R;
  /** The user or group changed; for member changes, the group. */
  readonly resourceId: string;
  readonly data: D;
}

/** Each change type with its record: what `scim.on(type, handler)` hands the handler. */
export interface ScimEventMap {
  'user.created': FeedChangeOf<'user.created', 'User', UserChangeData>;
  'user.updated': FeedChangeOf<'user.updated', 'User', UserChangeData>;
  'user.deactivated': FeedChangeOf<'user.deactivated', 'User', UserChangeData>;
  'user.reactivated': FeedChangeOf<'user.reactivated', 'User', UserChangeData>;
  'user.deleted': FeedChangeOf<'user.deleted', 'User', UserChangeData>;
  'user.roles.changed': FeedChangeOf<'user.roles.changed', 'User', RolesChangeData>;
  'group.created': FeedChangeOf<'group.created', 'Group', GroupChangeData>;
  'group.updated': FeedChangeOf<'group.updated', 'Group', GroupChangeData>;
  'group.deleted': FeedChangeOf<'group.deleted', 'Group', GroupChangeData>;
  'group.member_added': FeedChangeOf<'group.member_added', 'Group', MemberChangeData>;
  'group.member_removed': FeedChangeOf<'group.member_removed', 'Group', MemberChangeData>;
}

/** Any change of the feed. */
export type FeedChange = ScimEventMap[ChangeType];

/** What a subscription names: one change type, or `*` for all of them. */
export type ScimEventName = ChangeType | '*';

/** The record a handler of `name` receives. */
export type ScimEventOf<K extends ScimEventName> = K extends ChangeType ? ScimEventMap[K] : FeedChange;

/** A subscriber. Returned promises are not awaited; a rejection is logged. */
export type ScimEventHandler<K extends ScimEventName = ScimEventName> = (event: ScimEventOf<K>) => void | Promise<void>;

/** True when `value` names a change type. */
export function isChangeType(value: unknown): value is ChangeType {
  return typeof value === 'string' && (CHANGE_TYPES as readonly string[]).includes(value);
}
