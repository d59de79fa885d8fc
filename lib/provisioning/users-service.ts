/**
 * The User use cases (RFC 7644 §3.3 create, §3.4.1 read, §3.5.1 replace, §3.5.2 modify, §3.6 delete): each
 * write is atomic with its change-feed rows. Without host hooks, a create is one statement, a replace without
 * `If-Match` one statement that reads the row itself (user-replace-statement.ts), and a modify a read and one
 * compare-and-set statement (one-statement.ts); with hooks, or when a concurrent write gets in between, they run
 * in a transaction that locks the row.
 */
import type { Knex } from 'knex';
import { jsonEqual } from '../scim/patch/json.js';
import { applyPatch } from '../scim/patch/apply-patch.js';
import { parsePatchRequest } from '../scim/patch/patch-request.js';
import { assertImmutableUnchanged, declaresImmutable } from '../scim/schema/immutable.js';
import type { ScimResource } from '../scim/schema/types.js';
import { ScimError } from '../scim/errors.js';
import { appendChanges } from '../store/changes-store.js';
import { isUuid, newResourceId } from '../store/ids.js';
import type { UserRow } from '../store/resource-row.js';
import { userKeyColumns } from '../store/user-columns.js';
import { replaceUserUnread } from '../store/user-replace-statement.js';
import { createUserStatement, readUser, replaceUserIfRevision } from '../store/user-statements.js';
import { findUser, findUserByUserName, insertUser, updateUser } from '../store/users-store.js';
import { assertIfMatch, etagOf, notModified } from './etag.js';
import { resourceNotFound } from './not-found.js';
import { removeResource } from './remove-resource.js';
import { inOneStatement } from './one-statement.js';
import { inTransaction, projectionOf, type ProvisioningDeps } from './provisioning-deps.js';
import { listFromQuery, searchOfType } from './list-service.js';
import { renderUsers } from './render-resources.js';
import { resourceLocation } from './resource-document.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import { userChangeData, userReplaceChanges, userUpdateChanges } from './user-changes.js';
import { runWriteHook } from './write-hooks.js';

/** Users of the request's tenant. */
export class UsersService {
  private immutableInUser: boolean | undefined;

  constructor(private readonly deps: ProvisioningDeps) {}

  /** POST /Users → 201 with the user, `Location` and `ETag`; 409 on a taken userName (or 200, see below). */
  async create(request: ScimRequest): Promise<ScimResponse> {
    const tenantId = request.tenant.id;
    const doc = this.deps.validator.validate('User', 'create', this.deps.normalize('User', 'create', request.body));
    try {
      const row = this.deps.options.hooks?.beforeUserWrite ? await this.createWithHook(tenantId, doc) : await this.createAtOnce(tenantId, doc);
      return this.respond(request, row, 201);
    } catch (error) {
      // Tenant setting: an IDP that lost track of a user it created gets that user back instead of 409.
      if (error instanceof ScimError && error.scimType === 'uniqueness' && request.tenant.settings.linkUsersOnConflict) {
        const existing = await findUserByUserName(this.deps.knex, tenantId, String(doc.userName));
        if (existing) return this.respond(request, existing, 200);
      }
      throw error;
    }
  }

  /** A create as one statement: the user, its emails and its `user.created` change (user-statements.ts). */
  private createAtOnce(tenantId: string, doc: ScimResource): Promise<UserRow> {
    const id = newResourceId();
    const keys = userKeyColumns(doc);
    return inOneStatement(this.deps, (db) =>
      createUserStatement(db, tenantId, id, doc, [{ type: 'user.created', resourceType: 'User', resourceId: id, data: userChangeData(keys) }]),
    );
  }

  /** A create in a transaction, with the host's hook run in it before the insert. */
  private createWithHook(tenantId: string, doc: ScimResource): Promise<UserRow> {
    return inTransaction(this.deps, async (trx) => {
      const id = newResourceId();
      const resource = await runWriteHook(this.deps, trx, 'User', { tenantId, operation: 'create', id, resource: doc });
      const inserted = await insertUser(trx, tenantId, id, resource);
      await appendChanges(trx, tenantId, [{ type: 'user.created', resourceType: 'User', resourceId: inserted.id, data: userChangeData(inserted) }]);
      return inserted;
    });
  }

  /** GET /Users/<id> with projection; 304 when `If-None-Match` names the current version. */
  async get(request: ScimRequest, id: string): Promise<ScimResponse> {
    const withGroups = this.needsGroups(request);
    const row = isUuid(id) ? await readUser(this.deps.knex, request.tenant.id, id, { withGroups }) : undefined;
    if (!row) throw resourceNotFound('User', id);
    if (notModified(request.ifNoneMatch, row.revision)) return { status: 304, etag: etagOf(row.revision) };
    return this.respond(request, row, 200);
  }

  /** PUT /Users/<id>: replaces every mutable attribute (RFC 7644 §3.5.1); `id` and `meta` in the body are ignored. */
  async replace(request: ScimRequest, id: string): Promise<ScimResponse> {
    const doc = this.deps.validator.validate('User', 'replace', this.deps.normalize('User', 'replace', request.body));
    const written = await this.replaceUnread(request, id, doc);
    if (written) return this.respond(request, written, 200);
    const row = await this.modify(request, id, (stored) => {
      assertImmutableUnchanged(this.deps.registry, 'User', stored.doc, doc);
      return doc;
    });
    return this.respond(request, row, 200);
  }

  /**
   * A replace that needs nothing from the stored document in Node — no host hook, no `If-Match`, no immutable
   * attribute of User to compare — as one statement that reads the row itself (user-replace-statement.ts).
   * Undefined when it cannot be used or the user is missing or was written concurrently: the caller then takes the
   * read-then-write path, which answers 404 or writes under its own checks.
   */
  private async replaceUnread(request: ScimRequest, id: string, doc: ScimResource): Promise<UserRow | undefined> {
    if (this.deps.options.hooks?.beforeUserWrite || request.ifMatch !== undefined || !isUuid(id) || this.hasImmutableAttributes()) return undefined;
    const { updated, activeChange } = userReplaceChanges({ id, ...userKeyColumns(doc) });
    const outcome = await inOneStatement(this.deps, (db) =>
      replaceUserUnread(db, request.tenant.id, id, { doc, updated, activeChange, withGroups: this.needsGroups(request) }),
    );
    return outcome.kind === 'written' || outcome.kind === 'unchanged' ? outcome.row : undefined;
  }

  /** Whether the User schemas declare an immutable attribute anywhere (a replace must then compare with the stored one). */
  private hasImmutableAttributes(): boolean {
    this.immutableInUser ??= declaresImmutable(this.deps.registry, 'User');
    return this.immutableInUser;
  }

  /** PATCH /Users/<id>: all operations apply atomically or none (RFC 7644 §3.5.2); 200 with the user. */
  async patch(request: ScimRequest, id: string): Promise<ScimResponse> {
    const operations = parsePatchRequest(this.deps.normalize('User', 'patch', request.body));
    const row = await this.modify(request, id, (stored) => {
      const result = applyPatch(this.deps.registry, 'User', stored.doc, operations, { createOnNoMatch: true });
      if (!result.changed) return stored.doc;
      // The patched document is checked as a whole, as a PUT of it would be (required attributes, types).
      return this.deps.validator.validate('User', 'replace', result.resource);
    });
    return this.respond(request, row, 200);
  }

  /** DELETE /Users/<id> → 204; the user leaves every group (RFC 7644 §3.6). */
  async delete(request: ScimRequest, id: string): Promise<ScimResponse> {
    const removed = await removeResource(this.deps, request.tenant.id, 'User', id, { ...(request.ifMatch ? { ifMatch: request.ifMatch } : {}) });
    if (!removed) throw resourceNotFound('User', id);
    return { status: 204 };
  }

  /**
   * Locks the user row (so writes to one user serialise), checks `If-Match`, computes the new document and writes
   * it with the change feed, all in one transaction. An unchanged document writes nothing and keeps the version.
   */
  private async modify(request: ScimRequest, id: string, next: (stored: UserRow) => ScimResource): Promise<UserRow> {
    const tenantId = request.tenant.id;
    if (!isUuid(id)) throw resourceNotFound('User', id);
    if (!this.deps.options.hooks?.beforeUserWrite) {
      const written = await this.modifyAtRevision(request, id, next);
      if (written) return written;
    }
    return inTransaction(this.deps, async (trx: Knex.Transaction) => {
      const stored = await findUser(trx, tenantId, id, { lock: 'write' });
      if (!stored) throw resourceNotFound('User', id);
      assertIfMatch(request.ifMatch, stored.revision, `User ${id}`);
      const proposed = next(stored);
      if (jsonEqual(proposed, stored.doc)) return stored;
      const doc = await runWriteHook(this.deps, trx, 'User', { tenantId, operation: 'update', id, resource: proposed, previous: stored.doc });
      if (jsonEqual(doc, stored.doc)) return stored;
      const updated = await updateUser(trx, tenantId, id, doc);
      if (!updated) throw resourceNotFound('User', id);
      await appendChanges(trx, tenantId, userUpdateChanges(stored, updated));
      return updated;
    });
  }

  /**
   * {@link modify} without a transaction: reads the user (and its groups, when the response shows them), computes
   * the new document and writes it with a compare-and-set on the revision read (user-statements.ts), so writes to
   * one user still serialise. Undefined when another write got in between: the caller then locks and retries, and
   * an `If-Match` naming the version read gets its 412 there.
   */
  private async modifyAtRevision(request: ScimRequest, id: string, next: (stored: UserRow) => ScimResource): Promise<UserRow | undefined> {
    const tenantId = request.tenant.id;
    const withGroups = this.needsGroups(request);
    // The groups come back with the written row; the read needs them only when nothing is written.
    const stored = await readUser(this.deps.knex, tenantId, id, { withGroups: false });
    if (!stored) throw resourceNotFound('User', id);
    assertIfMatch(request.ifMatch, stored.revision, `User ${id}`);
    const doc = next(stored);
    if (jsonEqual(doc, stored.doc)) return withGroups ? ((await readUser(this.deps.knex, tenantId, id, { withGroups })) ?? stored) : stored;
    const changes = userUpdateChanges(stored, { id, ...userKeyColumns(doc) });
    return inOneStatement(this.deps, (db) =>
      replaceUserIfRevision(db, tenantId, id, { expectedRevision: stored.revision, previous: stored.doc, doc, changes, withGroups }),
    );
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
