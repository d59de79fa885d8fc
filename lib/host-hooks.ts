/**
 * The types of the host hooks (option `hooks`): what a hook is told about a write and what it may return. They sit
 * beside the options, below provisioning, because the options name them; provisioning/write-hooks.ts runs them.
 */
import type { Knex } from 'knex';
import type { ScimResource } from './scim/schema/types.js';

/** What a hook is told about the write. */
export interface WriteHookContext {
  readonly tenantId: string;
  /** `create` for POST; `update` for PUT and PATCH. */
  readonly operation: 'create' | 'update';
  /** The resource's id; on create, the id it will get. */
  readonly id: string;
  /**
   * The document about to be stored: validated, attribute names canonical, without `id`, `meta` and computed
   * attributes (`groups`; for groups `members`, whose changes do not pass through hooks).
   */
  readonly resource: ScimResource;
  /** The stored document before an update; undefined on create. */
  readonly previous: ScimResource | undefined;
  /** The write's transaction: reads and writes on it commit or roll back with the change. */
  readonly db: Knex.Transaction;
  /** Refuses the write: the identity provider gets 400 invalidValue with `detail`. */
  reject(detail: string): never;
}

/** What a hook returns: nothing to accept the resource as it is, or the adjusted resource. */
export type WriteHookResult = ScimResource | undefined | void;

/** A hook. */
export type WriteHook = (context: WriteHookContext) => WriteHookResult | Promise<WriteHookResult>;

/** The host's hooks (option `hooks`). */
export interface ScimHooks {
  /** Before a user is created or changed (including `active` changes). */
  readonly beforeUserWrite?: WriteHook;
  /** Before a group's own attributes (displayName, externalId, extensions) are created or changed. */
  readonly beforeGroupWrite?: WriteHook;
}
