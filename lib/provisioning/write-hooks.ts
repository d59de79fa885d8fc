/**
 * Host hooks that run inside the write transaction, after the request has been normalised and validated and just
 * before a user or group is created or changed. A hook can let the write through, adjust the resource (the result
 * is validated again, as the request was), reject it with a message the identity provider receives as a SCIM 400
 * `invalidValue` error (RFC 7644 §3.12), or do its own reads and writes on the same transaction. Anything else a
 * hook throws rolls the write back and is answered 500.
 */
import type { Knex } from 'knex';
import { invalidValue } from '../scim/errors.js';
import { isPlainObject } from '../scim/schema/canonicalise.js';
import type { ResourceTypeName, ScimResource } from '../scim/schema/types.js';
import type { ProvisioningDeps } from './provisioning-deps.js';

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

/** The write a hook is asked about. */
export interface HookedWrite {
  readonly tenantId: string;
  readonly operation: 'create' | 'update';
  readonly id: string;
  readonly resource: ScimResource;
  readonly previous?: ScimResource;
}

/**
 * Runs the type's hook, if any, on `write` inside `trx`; returns the document to store (`write.resource` when the
 * hook returned nothing). An adjusted document is validated again; a hook sees a copy, so changing it in place
 * without returning it has no effect.
 */
export async function runWriteHook(deps: ProvisioningDeps, trx: Knex.Transaction, type: ResourceTypeName, write: HookedWrite): Promise<ScimResource> {
  const hooks = deps.options.hooks;
  const hook = type === 'User' ? hooks?.beforeUserWrite : hooks?.beforeGroupWrite;
  if (!hook) return write.resource;
  const context: WriteHookContext = {
    tenantId: write.tenantId,
    operation: write.operation,
    id: write.id,
    resource: structuredClone(write.resource),
    previous: write.previous === undefined ? undefined : structuredClone(write.previous),
    db: trx,
    reject: (detail: string) => {
      throw invalidValue(typeof detail === 'string' && detail.trim() !== '' ? detail : `The ${type} was refused by the service provider.`);
    },
  };
  const result = await hook(context);
  if (result === undefined) return write.resource;
  if (!isPlainObject(result)) throw new TypeError(`scim-directory: the before${type}Write hook must return a resource object or nothing.`);
  return deps.validator.validate(type, write.operation === 'create' ? 'create' : 'replace', result);
}
