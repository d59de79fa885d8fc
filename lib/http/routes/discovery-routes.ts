/**
 * Discovery (RFC 7644 §4), root search (§3.4.3) and `/Me` (§3.11) routes. Discovery is read-only: other methods
 * get 405 with `Allow: GET`.
 */
import type { Router } from 'express';
import type { ProvisioningServices } from '../../provisioning/services.js';
import { ScimError } from '../../scim/errors.js';
import { methodNotAllowed } from './method-not-allowed.js';
import { scimHandler } from './scim-handler.js';
import { declaredValuesResponse } from '../../provisioning/declared-roles.js';

/** Mounts `/ServiceProviderConfig`, `/ResourceTypes[/<name>]`, `/Schemas[/<urn>]`, `/Roles`, `/Entitlements`, `/.search` and `/Me`. */
export function mountDiscoveryRoutes(router: Router, services: ProvisioningServices): void {
  const { discovery, options } = services;
  const readOnly = methodNotAllowed(['GET']);
  router.route('/ServiceProviderConfig').get(scimHandler(options, (request) => discovery.serviceProviderConfig(request))).all(readOnly);
  router.route('/ResourceTypes').get(scimHandler(options, (request) => discovery.resourceTypes(request))).all(readOnly);
  router.route('/ResourceTypes/:id').get(scimHandler(options, (request, name) => discovery.resourceType(request, name))).all(readOnly);
  router.route('/Schemas').get(scimHandler(options, (request) => discovery.schemas(request))).all(readOnly);
  router.route('/Schemas/:id').get(scimHandler(options, (request, urn) => discovery.schema(request, urn))).all(readOnly);
  router.route('/Roles').get(scimHandler(options, (request) => declaredValuesResponse(options, request, 'roles'))).all(readOnly);
  router.route('/Entitlements').get(scimHandler(options, (request) => declaredValuesResponse(options, request, 'entitlements'))).all(readOnly);
  router.route('/.search').post(scimHandler(options, (request) => services.searchAll(request))).all(methodNotAllowed(['POST']));
  // RFC 7644 §3.11: a provider that does not support /Me answers 501. A bearer token here names a tenant's
  // provisioning client, not a user, so there is no "me" to resolve.
  router.all(['/Me', '/Me/{*rest}'], () => {
    throw new ScimError(501, 'The /Me endpoint is not supported: tokens of this directory identify a provisioning client, not a user.');
  });
}
