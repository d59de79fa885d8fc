/**
 * `POST /Bulk` (RFC 7644 §3.7): a BulkRequest in, a BulkResponse out. The response is 200 whatever became of the
 * operations — each carries its own status — unless the message itself is refused (400, or 413 past the limits).
 */
import type { ScimRequest, ScimResponse } from '../scim-exchange.js';
import type { ProvisioningDeps } from '../provisioning-deps.js';
import type { BulkSupport } from '../service-provider-config.js';
import { BulkJob, type BulkTargets } from './bulk-job.js';
import { parseBulkRequest } from './bulk-request.js';

/** The BulkResponse message schema (RFC 7644 §3.7). */
export const BULK_RESPONSE_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

/** The Bulk use case. */
export class BulkService {
  constructor(
    private readonly deps: ProvisioningDeps,
    private readonly targets: BulkTargets,
    /** What the endpoint accepts; advertised in /ServiceProviderConfig. */
    readonly limits: BulkSupport,
  ) {}

  /** Runs a BulkRequest. */
  async run(request: ScimRequest): Promise<ScimResponse> {
    const message = parseBulkRequest(request.body, this.limits);
    const job = new BulkJob(this.deps, this.targets, request, message);
    await job.run();
    return { status: 200, body: { schemas: [BULK_RESPONSE_SCHEMA], Operations: job.results() } };
  }
}
