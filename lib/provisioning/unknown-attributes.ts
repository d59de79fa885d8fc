/**
 * What a write does with extension attributes the tenant's schemas do not define (tenant setting
 * `unknownAttributes`): by default they are ignored, one unmapped attribute must not fail a user, and the event log
 * names them; with `reject` the request fails with 400 naming them. PATCH needs neither: an operation naming an
 * attribute the schemas do not define already fails with 400 invalidPath naming it.
 */
import { ScimError } from '../scim/errors.js';
import { unknownExtensionAttributes } from '../scim/schema/unknown-attributes.js';
import type { ResourceTypeName } from '../scim/schema/types.js';
import type { ProvisioningDeps } from './provisioning-deps.js';
import type { ScimRequest } from './scim-exchange.js';

/** Names the unknown extension attributes of a POST or PUT body (already normalised), or refuses them. */
export function screenUnknownAttributes(deps: ProvisioningDeps, request: ScimRequest, type: ResourceTypeName, body: unknown): void {
  report(request, unknownExtensionAttributes(deps.registry, type, body));
}

function report(request: ScimRequest, names: readonly string[]): void {
  if (names.length === 0) return;
  if (request.tenant.settings.unknownAttributes === 'reject') {
    throw new ScimError(400, `Unknown extension attribute(s) ${names.map((name) => `'${name}'`).join(', ')}: the tenant's schemas do not define them (see /Schemas).`, 'invalidSyntax');
  }
  request.ignoredAttributes?.push(...names);
}
