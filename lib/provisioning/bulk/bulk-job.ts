/**
 * One BulkRequest being processed (RFC 7644 §3.7). Operations run in request order, each as its own write (the
 * RFC makes a bulk request no transaction: a failed operation leaves the others in place). An operation that
 * refers to a later one by `bulkId` runs that one first (§3.7.2 lets the service provider order operations as long
 * as the result is the one the client meant); a chain of references that comes back to itself is a circular
 * reference and its operations fail with 409 (§3.7.1: the service provider MAY stop trying and answer 409).
 * Processing stops once `failOnErrors` operations have failed (§3.7.3); operations not reached are not reported.
 */
import { invalidValue, ScimError, type ScimErrorBody } from '../../scim/errors.js';
import type { ResourceTypeName } from '../../scim/schema/types.js';
import type { GroupsService } from '../groups-service.js';
import type { ProvisioningDeps } from '../provisioning-deps.js';
import { resourceLocation } from '../resource-document.js';
import type { ScimRequest, ScimResponse } from '../scim-exchange.js';
import type { UsersService } from '../users-service.js';
import { bulkIdOf, referencedBulkIds, substituteBulkIds } from './bulk-references.js';
import type { BulkOperation, BulkRequestMessage } from './bulk-request.js';
import { createUserBatch } from './bulk-user-batch.js';

/** One element of the BulkResponse's `Operations` (RFC 7644 §3.7.3). */
export interface BulkResult {
  readonly location?: string;
  readonly method: string;
  readonly bulkId?: string;
  readonly version?: string;
  /** The HTTP status of the operation, as a string. */
  readonly status: string;
  /** The error response of a failed operation. */
  readonly response?: ScimErrorBody;
}

/** The use cases operations run through. */
export interface BulkTargets {
  readonly users: UsersService;
  readonly groups: GroupsService;
}

type State = 'pending' | 'running' | 'done';

/** Runs the operations of one request; {@link BulkJob.results} afterwards. */
export class BulkJob {
  private readonly outcomes: (BulkResult | undefined)[];
  private readonly states: State[];
  private readonly references: string[][];
  /** bulkId → index of the operation that declares it. */
  private readonly declared = new Map<string, number>();
  /** bulkId → id of the resource its POST created. */
  private readonly created = new Map<string, string>();
  /** Operations found to be on a circular chain, with the detail to report. */
  private readonly circular = new Map<number, string>();
  /** Ignored attributes of operations that are running, by operation index (see operationRequest). */
  private readonly ignored = new Map<number, string[]>();
  private errors = 0;
  private stopped = false;

  constructor(
    private readonly deps: ProvisioningDeps,
    private readonly targets: BulkTargets,
    private readonly request: ScimRequest,
    private readonly message: BulkRequestMessage,
  ) {
    const operations = message.operations;
    this.outcomes = operations.map(() => undefined);
    this.states = operations.map(() => 'pending');
    this.references = operations.map((operation) => (operation.problem ? [] : referencedBulkIds(operation.target?.id, operation.data)));
    for (const operation of operations) {
      if (operation.bulkId !== undefined && !operation.problem && operation.method === 'POST') this.declared.set(operation.bulkId, operation.index);
    }
  }

  /** The results of the operations that ran, in request order. */
  results(): BulkResult[] {
    return this.outcomes.filter((outcome): outcome is BulkResult => outcome !== undefined);
  }

  /** Processes every operation (or until `failOnErrors`). */
  async run(): Promise<void> {
    const operations = this.message.operations;
    for (let i = 0; i < operations.length && !this.stopped; i++) {
      if (this.states[i] !== 'pending') continue;
      if (this.batchable(i)) {
        let end = i;
        while (end < operations.length && this.batchable(end)) end++;
        await this.runUserBatch(operations.slice(i, end));
        i = end - 1;
        continue;
      }
      await this.runOne(i, []);
    }
  }

  /**
   * A user create that refers to nothing can join a multi-row batch. Not with `failOnErrors` (the batch could run
   * past the error that should stop processing) nor with a host hook (which runs per user, in a transaction).
   */
  private batchable(index: number): boolean {
    const operation = this.message.operations[index];
    return (
      operation !== undefined &&
      this.states[index] === 'pending' &&
      this.message.failOnErrors === undefined &&
      !this.deps.options.hooks?.beforeUserWrite &&
      !operation.problem &&
      operation.method === 'POST' &&
      operation.target?.type === 'User' &&
      this.references[index]?.length === 0
    );
  }

  private async runUserBatch(operations: readonly BulkOperation[]): Promise<void> {
    for (const operation of operations) this.states[operation.index] = 'running';
    const outcomes = await createUserBatch(this.deps, this.request, operations, (operation) => this.operationRequest(operation));
    for (const operation of operations) {
      const outcome = outcomes.get(operation.index);
      if (this.stopped) {
        this.states[operation.index] = 'pending';
      } else if (outcome?.kind === 'created') {
        if (operation.bulkId !== undefined) this.created.set(operation.bulkId, outcome.id);
        this.finish(operation.index, {
          location: resourceLocation(this.request.baseUrl, 'User', outcome.id),
          method: operation.method,
          ...(operation.bulkId !== undefined ? { bulkId: operation.bulkId } : {}),
          version: `W/"${outcome.revision}"`,
          status: '201',
        });
      } else if (outcome?.kind === 'failed') {
        this.finish(operation.index, this.failure(operation, outcome.error));
      } else {
        this.states[operation.index] = 'pending';
        await this.runOne(operation.index, []);
      }
    }
  }

  /** Runs operation `index`, after the operations it refers to; `chain` holds the operations waiting on it. */
  private async runOne(index: number, chain: readonly number[]): Promise<void> {
    const operation = this.message.operations[index] as BulkOperation;
    this.states[index] = 'running';
    if (operation.problem) return this.finish(index, this.failure(operation, operation.problem));
    // A group naming many users created later in the request: create those users as one batch first.
    const referredUsers = (this.references[index] ?? [])
      .map((bulkId) => this.declared.get(bulkId))
      .filter((declaring): declaring is number => declaring !== undefined && this.batchable(declaring))
      .sort((a, b) => a - b);
    if (referredUsers.length > 1) await this.runUserBatch(referredUsers.map((i) => this.message.operations[i] as BulkOperation));
    for (const bulkId of this.references[index] ?? []) {
      const declaring = this.declared.get(bulkId);
      if (declaring === undefined) {
        return this.finish(index, this.failure(operation, invalidValue(`Operations[${index}]: "bulkId:${bulkId}" names no POST operation of this request.`)));
      }
      if (this.states[declaring] === 'running') {
        this.markCircle([...chain, index], declaring);
        return this.finish(index, this.failure(operation, new ScimError(409, this.circular.get(index) ?? 'Circular bulkId reference.')));
      }
      if (this.states[declaring] === 'pending') {
        await this.runOne(declaring, [...chain, index]);
        if (this.stopped) {
          this.states[index] = 'pending';
          return;
        }
      }
      if (!this.created.has(bulkId)) {
        const detail =
          this.circular.get(index) ??
          `Operations[${index}]: "bulkId:${bulkId}" cannot be resolved because Operations[${declaring}], which was to create it, failed.`;
        return this.finish(index, this.failure(operation, new ScimError(409, detail)));
      }
    }
    try {
      const response = await this.execute(operation);
      this.finish(index, this.success(operation, response));
    } catch (error) {
      if (error instanceof ScimError) return this.finish(index, this.failure(operation, error));
      this.deps.options.logger.error('bulk operation failed unexpectedly', {
        tenantId: this.request.tenant.id,
        operation: index,
        error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
      });
      this.finish(index, this.failure(operation, new ScimError(500, `Operations[${index}] failed with an internal error; the server log has the details.`)));
    }
  }

  /** Records the circle `declaring → … → last of chain → declaring` on each of its operations. */
  private markCircle(chain: readonly number[], declaring: number): void {
    const circle = chain.slice(chain.indexOf(declaring));
    const names = [...circle, declaring].map((i) => this.message.operations[i]?.bulkId ?? `Operations[${i}]`);
    const detail = `Circular bulkId references ${names.join(' → ')} (Operations ${circle.join(', ')}): each operation needs another to run first, which RFC 7644 §3.7.1 lets the service provider refuse with 409. Create the resources first and link them with PATCH.`;
    for (const i of circle) this.circular.set(i, detail);
  }

  /** Runs one operation through the use case its method and path name, its bulkId references resolved. */
  private execute(operation: BulkOperation): Promise<ScimResponse> {
    const target = operation.target as { type: ResourceTypeName; id?: string };
    const service = target.type === 'User' ? this.targets.users : this.targets.groups;
    const request = this.operationRequest(operation);
    const id = this.resolvedId(target.id);
    switch (operation.method) {
      case 'POST':
        return service.create(request);
      case 'PUT':
        return service.replace(request, id);
      case 'PATCH':
        return service.patch(request, id);
      default:
        return service.delete(request, id);
    }
  }

  /**
   * The request an operation runs as: its body with bulkId references resolved, its version, and a list of its own
   * for the attributes it ignores, which {@link finish} hands on to the Bulk request's, named by operation.
   */
  private operationRequest(operation: BulkOperation): ScimRequest {
    const ignored: string[] = [];
    if (this.request.ignoredAttributes) this.ignored.set(operation.index, ignored);
    return {
      tenant: this.request.tenant,
      baseUrl: this.request.baseUrl,
      // Only the id: the response carries no resource, so nothing else (members, groups) needs reading.
      query: { attributes: 'id' },
      body: substituteBulkIds(operation.data, this.created),
      ...(this.request.sender ? { sender: this.request.sender } : {}),
      ...(operation.version !== undefined ? { ifMatch: operation.version } : {}),
      ignoredAttributes: ignored,
    };
  }

  private resolvedId(id: string | undefined): string {
    const bulkId = bulkIdOf(id);
    return (bulkId === undefined ? id : this.created.get(bulkId)) ?? '';
  }

  private location(operation: BulkOperation, id: string | undefined): string | undefined {
    const type = operation.target?.type;
    return type && id ? resourceLocation(this.request.baseUrl, type, id) : undefined;
  }

  private success(operation: BulkOperation, response: ScimResponse): BulkResult {
    const bodyId = typeof response.body === 'object' && response.body !== null ? (response.body as { id?: unknown }).id : undefined;
    const id = operation.method === 'POST' ? (typeof bodyId === 'string' ? bodyId : response.location?.split('/').pop()) : this.resolvedId(operation.target?.id);
    if (operation.method === 'POST' && operation.bulkId !== undefined && id) this.created.set(operation.bulkId, id);
    const location = response.location ?? this.location(operation, id);
    return {
      ...(location ? { location } : {}),
      method: operation.method,
      ...(operation.bulkId !== undefined ? { bulkId: operation.bulkId } : {}),
      ...(response.etag ? { version: response.etag } : {}),
      status: String(response.status),
    };
  }

  private failure(operation: BulkOperation, error: ScimError): BulkResult {
    // RFC 7644 §3.7.3: `location` is required except for a failed POST, which created nothing.
    const location = operation.method === 'POST' ? undefined : this.location(operation, this.resolvedId(operation.target?.id) || undefined);
    return {
      ...(location ? { location } : {}),
      method: operation.method || 'UNKNOWN',
      ...(operation.bulkId !== undefined ? { bulkId: operation.bulkId } : {}),
      status: String(error.status),
      response: error.toBody(),
    };
  }

  private finish(index: number, result: BulkResult): void {
    for (const name of this.ignored.get(index) ?? []) this.request.ignoredAttributes?.push(`Operations[${index}]: ${name}`);
    this.ignored.delete(index);
    this.outcomes[index] = result;
    this.states[index] = 'done';
    if (Number(result.status) >= 400) {
      this.errors += 1;
      if (this.message.failOnErrors !== undefined && this.errors >= this.message.failOnErrors) this.stopped = true;
    }
  }
}

