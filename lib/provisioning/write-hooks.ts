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
import type { WriteHookContext } from '../host-hooks.js';
import type { ProvisioningDeps } from './provisioning-deps.js';

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
