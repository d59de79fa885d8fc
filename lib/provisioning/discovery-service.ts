/**
 * The discovery endpoints (RFC 7644 §4): `/ServiceProviderConfig`, `/ResourceTypes[/<name>]`,
 * `/Schemas[/<urn>]`, built from the registry so they describe exactly what validation and projection enforce.
 * They take no filter: RFC 7644 §4 says a provider SHOULD answer a `filter` with 403, so that a client cannot
 * believe a condition held when it was ignored.
 */
import { notFound, ScimError } from '../scim/errors.js';
import { findResourceTypeResource, findSchemaResource, resourceTypesListResponse, schemasListResponse } from '../scim/schema/discovery.js';
import type { SchemaRegistry } from '../scim/schema/registry-types.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import { serviceProviderConfig, type ServiceProviderFeatures } from './service-provider-config.js';

function refuseFilter(request: ScimRequest, endpoint: string): void {
  if (request.query.filter !== undefined) throw new ScimError(403, `${endpoint} does not support filtering (RFC 7644 §4).`);
}

/** The discovery use cases. */
export class DiscoveryService {
  constructor(
    private readonly registry: SchemaRegistry,
    private readonly features: ServiceProviderFeatures,
    private readonly acceptsOAuthClients?: (tenantId: string) => Promise<boolean>,
  ) {}

  /** GET /ServiceProviderConfig; `authenticationSchemes` lists what this tenant accepts (its OAuth clients too). */
  async serviceProviderConfig(request: ScimRequest): Promise<ScimResponse> {
    refuseFilter(request, '/ServiceProviderConfig');
    const oauth = this.acceptsOAuthClients ? await this.acceptsOAuthClients(request.tenant.id) : false;
    return { status: 200, body: serviceProviderConfig(request.baseUrl, { ...this.features, oauthClients: oauth }) };
  }

  /** GET /ResourceTypes. */
  resourceTypes(request: ScimRequest): ScimResponse {
    refuseFilter(request, '/ResourceTypes');
    return { status: 200, body: resourceTypesListResponse(this.registry, request.baseUrl) };
  }

  /** GET /ResourceTypes/<name>, the name compared case-insensitively. */
  resourceType(request: ScimRequest, name: string): ScimResponse {
    const body = findResourceTypeResource(this.registry, name, request.baseUrl);
    if (!body) throw notFound(`No resource type ${JSON.stringify(name.slice(0, 80))}; this directory serves User and Group.`);
    return { status: 200, body };
  }

  /** GET /Schemas. */
  schemas(request: ScimRequest): ScimResponse {
    refuseFilter(request, '/Schemas');
    return { status: 200, body: schemasListResponse(this.registry, request.baseUrl) };
  }

  /** GET /Schemas/<urn>, the URN compared case-insensitively. */
  schema(request: ScimRequest, urn: string): ScimResponse {
    const body = findSchemaResource(this.registry, urn, request.baseUrl);
    if (!body) throw notFound(`No schema ${JSON.stringify(urn.slice(0, 120))}.`);
    return { status: 200, body };
  }
}
