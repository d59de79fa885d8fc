/**
 * The User use cases (RFC 7644 §3.3 create, §3.4.1 read, §3.5.1 replace, §3.5.2 modify, §3.6 delete). Each write
 * has one implementation, shared with Bulk and the admin API: user-create.ts, user-modify.ts, remove-resource.ts.
 */
import { applyPatch } from '../scim/patch/apply-patch.js';
import { parsePatchRequest } from '../scim/patch/patch-request.js';
import { assertImmutableUnchanged, declaresImmutable } from '../scim/schema/immutable.js';
import { ScimError } from '../scim/errors.js';
import { isUuid } from '../store/ids.js';
import { userNameTaken } from '../store/pg-errors.js';
import type { UserRow } from '../store/resource-row.js';
import { findUser, findUserByUserName } from '../store/users-store.js';
import { etagOf, notModified } from './etag.js';
import { resourceNotFound } from './not-found.js';
import { removeResource } from './remove-resource.js';
import { projectionOf, type ProvisioningDeps } from './provisioning-deps.js';
import { listFromQuery, searchOfType } from './list-service.js';
import { renderUsers } from './render-resources.js';
import { resourceLocation } from './resource-document.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import { createUsers } from './user-create.js';
import { incomingUser } from './incoming-user.js';
import { checkDeclaredRoles, declaredCheckOf } from './declared-roles.js';
import { modifyUser, type UserModification } from './user-modify.js';
import { finishHeldDeletion, type GuardContext } from './deprovisioning-guard.js';

/** The deprovisioning guard's view of an identity provider's request. */
function guardOf(request: ScimRequest): GuardContext {
  return { settings: request.tenant.settings, provider: request.sender?.provider, credential: request.sender?.credential };
}

/** Users of the request's tenant. */
export class UsersService {
  /** Whether a replace must read the stored user before writing: when the User type has immutable attributes. */
  private readonly replaceReadsFirst: boolean;

  constructor(private readonly deps: ProvisioningDeps) {
    this.replaceReadsFirst = declaresImmutable(deps.registry, 'User');
  }

  /** POST /Users → 201 with the user, `Location` and `ETag`; 409 on a taken userName (or 200, see below). */
  async create(request: ScimRequest): Promise<ScimResponse> {
    const tenantId = request.tenant.id;
    const doc = incomingUser(this.deps, request, 'create', request.body, await declaredCheckOf(this.deps.options, this.deps.knex, request));
    // Re-creating a user whose deletion the guard holds ends that hold: the deletion goes through, then the create.
    if (request.tenant.settings.deprovisioningGuard) await finishHeldDeletion(this.deps, tenantId, String(doc.userName));
    let created: UserRow | undefined;
    try {
      [created] = await createUsers(this.deps, tenantId, [doc]);
    } catch (error) {
      if (!(error instanceof ScimError && error.scimType === 'uniqueness')) throw error;
    }
    if (created) return this.respond(request, created, 201);
    // Tenant setting: an IDP that lost track of a user it created gets that user back instead of 409.
    if (request.tenant.settings.linkUsersOnConflict) {
      const existing = await findUserByUserName(this.deps.knex, tenantId, String(doc.userName));
      if (existing) return this.respond(request, existing, 200);
    }
    throw userNameTaken();
  }

  /** GET /Users/<id> with projection; 304 when `If-None-Match` names the current version. */
  async get(request: ScimRequest, id: string): Promise<ScimResponse> {
    const withGroups = this.needsGroups(request);
    const row = isUuid(id) ? await findUser(this.deps.knex, request.tenant.id, id, { withGroups }) : undefined;
    if (!row) throw resourceNotFound('User', id);
    if (notModified(request.ifNoneMatch, row.revision)) return { status: 304, etag: etagOf(row.revision) };
    return this.respond(request, row, 200);
  }

  /** PUT /Users/<id>: replaces every mutable attribute (RFC 7644 §3.5.1); `id` and `meta` in the body are ignored. */
  async replace(request: ScimRequest, id: string): Promise<ScimResponse> {
    const doc = incomingUser(this.deps, request, 'replace', request.body, await declaredCheckOf(this.deps.options, this.deps.knex, request));
    // Without immutable attributes the stored document cannot refuse the replacement: it may be written unread.
    const replacement = this.replaceReadsFirst ? undefined : doc;
    const row = await this.modify(
      request,
      id,
      (stored) => {
        assertImmutableUnchanged(this.deps.registry, 'User', stored.doc, doc);
        return doc;
      },
      replacement,
    );
    return this.respond(request, row, 200);
  }

  /** PATCH /Users/<id>: all operations apply atomically or none (RFC 7644 §3.5.2); 200 with the user. */
  async patch(request: ScimRequest, id: string): Promise<ScimResponse> {
    const operations = parsePatchRequest(this.deps.normalize('User', 'patch', request.body));
    const declared = await declaredCheckOf(this.deps.options, this.deps.knex, request);
    const row = await this.modify(request, id, (stored) => {
      const result = applyPatch(this.deps.registry, 'User', stored.doc, operations, { createOnNoMatch: true });
      if (!result.changed) return stored.doc;
      // The patched document is checked as a whole, as a PUT of it would be (required attributes, types).
      const doc = this.deps.validator.validate('User', 'replace', result.resource);
      checkDeclaredRoles(declared, doc);
      return doc;
    });
    return this.respond(request, row, 200);
  }

  /** DELETE /Users/<id> → 204; the user leaves every group (RFC 7644 §3.6). */
  async delete(request: ScimRequest, id: string): Promise<ScimResponse> {
    const removed = await removeResource(this.deps, request.tenant.id, 'User', id, { ...(request.ifMatch ? { ifMatch: request.ifMatch } : {}), guard: guardOf(request) });
    if (!removed) throw resourceNotFound('User', id);
    return { status: 204 };
  }

  private modify(request: ScimRequest, id: string, next: UserModification['next'], replacement?: UserModification['replacement']): Promise<UserRow> {
    return modifyUser(this.deps, request.tenant.id, id, {
      ifMatch: request.ifMatch,
      withGroups: this.needsGroups(request),
      next,
      guard: guardOf(request),
      ...(replacement ? { replacement } : {}),
    });
  }

  /** Whether the response to `request` shows `User.groups`, so reads fetch them in the same statement. */
  private needsGroups(request: ScimRequest): boolean {
    return this.deps.projector.needsAttribute('User', projectionOf(this.deps, 'User', request), 'groups');
  }

  /** GET /Users (RFC 7644 §3.4.2). */
  list(request: ScimRequest): Promise<ScimResponse> {
    return listFromQuery(this.deps, 'User', request);
  }

  /** POST /Users/.search (RFC 7644 §3.4.3). */
  search(request: ScimRequest): Promise<ScimResponse> {
    return searchOfType(this.deps, 'User', request);
  }

  /** The user as the request's projection returns it, with `Location` on 201 and the `ETag`. */
  private async respond(request: ScimRequest, row: UserRow, status: number): Promise<ScimResponse> {
    const projection = projectionOf(this.deps, 'User', request);
    const { resources: [body] } = await renderUsers(this.deps, { db: this.deps.knex, tenantId: request.tenant.id, baseUrl: request.baseUrl, projection }, [row]);
    return {
      status,
      body,
      etag: etagOf(row.revision),
      ...(status === 201 ? { location: resourceLocation(request.baseUrl, 'User', row.id) } : {}),
    };
  }
}
