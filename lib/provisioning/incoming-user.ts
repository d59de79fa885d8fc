/**
 * The document a POST or PUT of a user writes: the body normalised from the identity provider's dialect, screened
 * for extension attributes the tenant's schemas do not define, validated, and its roles and entitlements checked
 * against the declared ones. Single writes and the user batches of a Bulk request take the same steps through here.
 */
import type { ScimResource } from '../scim/schema/types.js';
import { checkDeclaredRoles, type DeclaredCheck } from './declared-roles.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import type { ScimRequest } from './scim-exchange.js';
import { screenUnknownAttributes } from './unknown-attributes.js';

/** The validated user document of `raw` for a create or a replace; throws a ScimError naming what is wrong. */
/** `declared`: the values to check roles and entitlements against (`declaredCheckOf`), read once per request. */
export function incomingUser(deps: ProvisioningDeps, request: ScimRequest, mode: 'create' | 'replace', raw: unknown, declared: DeclaredCheck): ScimResource {
  const body = deps.normalize('User', mode, raw);
  screenUnknownAttributes(deps, request, 'User', body);
  const doc = deps.validator.validate('User', mode, body);
  checkDeclaredRoles(declared, doc);
  return doc;
}
