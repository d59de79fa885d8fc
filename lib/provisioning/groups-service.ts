/**
 * The Group use cases (RFC 7644 §3.3–3.6). Members live in the membership table and change by set operations;
 * every write is one transaction with its change-feed rows, and each has one implementation (create, `modify`
 * here; delete in remove-resource.ts) that single requests, Bulk and the admin API share. A group's revision moves when its document or its
 * member list changes.
 */
import type { Knex } from 'knex';
import { applyPatch } from '../scim/patch/apply-patch.js';
import { jsonEqual } from '../scim/patch/json.js';
import { toMemberReferences } from '../scim/patch/member-changes.js';
import { parsePatchRequest } from '../scim/patch/patch-request.js';
import type { MemberChange } from '../scim/patch/types.js';
import { assertImmutableUnchanged } from '../scim/schema/immutable.js';
import type { ScimResource } from '../scim/schema/types.js';
import { appendChanges } from '../store/change-rows.js';
import { findGroup, groupDocument, groupKeyColumns, insertGroup, startGroupChange, writeGroupDocument } from '../store/groups-store.js';
import { isUuid, newResourceId } from '../store/ids.js';
import { addMembers } from '../store/memberships-store.js';
import type { GroupRow } from '../store/resource-row.js';
import { assertIfMatch, etagOf, notModified } from './etag.js';
import { groupChange } from './group-changes.js';
import { membershipRoleChanges } from './role-changes.js';
import { applyMemberChanges, resolveMembers } from './group-members.js';
import { listFromQuery, searchOfType } from './list-service.js';
import { resourceNotFound } from './not-found.js';
import { removeResource } from './remove-resource.js';
import { inTransaction, projectionOf, type ProvisioningDeps } from './provisioning-deps.js';
import { renderGroups, withHoles } from './render-resources.js';
import { resourceLocation } from './resource-document.js';
import type { ScimRequest, ScimResponse } from './scim-exchange.js';
import { runWriteHook } from './write-hooks.js';
import { screenUnknownAttributes } from './unknown-attributes.js';

/** Thrown inside a group's change transaction that changed nothing: it rolls back, so the revision stays. */
class NothingChanged extends Error {}

/** What a modification computes from the stored group: the new document and the member changes. */
interface GroupEdit {
  readonly doc: ScimResource;
  readonly memberChanges: readonly MemberChange[];
}

/** The member changes a whole document (POST, PUT) implies: replace the list with its `members`. */
function membersOf(doc: ScimResource): MemberChange[] {
  const members = doc.members === undefined ? [] : toMemberReferences(doc.members, 'members');
  return [{ kind: 'replace', members }];
}

/** Groups of the request's tenant. */
export class GroupsService {
  constructor(private readonly deps: ProvisioningDeps) {}

  /** POST /Groups → 201 with the group (members included), `Location` and `ETag`; 409 on a taken displayName. */
  async create(request: ScimRequest): Promise<ScimResponse> {
    const tenantId = request.tenant.id;
    const body = this.deps.normalize('Group', 'create', request.body);
    screenUnknownAttributes(this.deps, request, 'Group', body);
    const doc = this.deps.validator.validate('Group', 'create', body);
    const references = doc.members === undefined ? [] : toMemberReferences(doc.members, 'members');
    const row = await inTransaction(this.deps, async (trx) => {
      const id = newResourceId();
      const resource = await runWriteHook(this.deps, trx, 'Group', { tenantId, operation: 'create', id, resource: groupDocument(doc) });
      const stored = groupDocument(resource);
      const inserted = await insertGroup(trx, tenantId, id, stored, [groupChange('group.created', { id, ...groupKeyColumns(stored) })]);
      await addMembers(trx, tenantId, inserted.id, await resolveMembers(trx, tenantId, inserted.id, references));
      return inserted;
    });
    return this.respond(request, row, 201);
  }

  /** GET /Groups/<id>; members are read only when the projection returns them. */
  async get(request: ScimRequest, id: string): Promise<ScimResponse> {
    const row = isUuid(id) ? await findGroup(this.deps.knex, request.tenant.id, id) : undefined;
    if (!row) throw resourceNotFound('Group', id);
    if (notModified(request.ifNoneMatch, row.revision)) return { status: 304, etag: etagOf(row.revision) };
    return this.respond(request, row, 200);
  }

  /** PUT /Groups/<id>: replaces displayName, externalId and the whole member list (RFC 7644 §3.5.1). */
  async replace(request: ScimRequest, id: string): Promise<ScimResponse> {
    const body = this.deps.normalize('Group', 'replace', request.body);
    screenUnknownAttributes(this.deps, request, 'Group', body);
    const doc = this.deps.validator.validate('Group', 'replace', body);
    const row = await this.modify(request, id, (stored) => {
      const next = groupDocument(doc);
      assertImmutableUnchanged(this.deps.registry, 'Group', stored.doc, next);
      return { doc: next, memberChanges: membersOf(doc) };
    });
    return this.respond(request, row, 200);
  }

  /**
   * PATCH /Groups/<id> (RFC 7644 §3.5.2), atomically. Answers 204 by default (what Entra ID and Okta expect) and
   * 200 with the group when the request names `attributes`/`excludedAttributes` or the tenant setting
   * `groupPatchResponse` is `resource` (members excluded unless asked for).
   */
  async patch(request: ScimRequest, id: string): Promise<ScimResponse> {
    const operations = parsePatchRequest(this.deps.normalize('Group', 'patch', request.body));
    const row = await this.modify(request, id, (stored) => {
      const result = applyPatch(this.deps.registry, 'Group', stored.doc, operations, { createOnNoMatch: true });
      const doc = jsonEqual(result.resource, stored.doc) ? stored.doc : this.deps.validator.validate('Group', 'replace', result.resource);
      return { doc, memberChanges: result.memberChanges };
    });
    const asked = request.query.attributes !== undefined || request.query.excludedAttributes !== undefined;
    if (asked) return this.respond(request, row, 200);
    if (request.tenant.settings.groupPatchResponse === 'resource') {
      return this.respond({ ...request, query: { ...request.query, excludedAttributes: 'members' } }, row, 200);
    }
    return { status: 204, etag: etagOf(row.revision) };
  }

  /** DELETE /Groups/<id> → 204; the group's own member rows go with it and it leaves its parent groups. */
  async delete(request: ScimRequest, id: string): Promise<ScimResponse> {
    const removed = await removeResource(this.deps, request.tenant.id, 'Group', id, { ...(request.ifMatch ? { ifMatch: request.ifMatch } : {}) });
    if (!removed) throw resourceNotFound('Group', id);
    return { status: 204 };
  }

  /** GET /Groups (RFC 7644 §3.4.2). */
  list(request: ScimRequest): Promise<ScimResponse> {
    return listFromQuery(this.deps, 'Group', request);
  }

  /** POST /Groups/.search (RFC 7644 §3.4.3). */
  search(request: ScimRequest): Promise<ScimResponse> {
    return searchOfType(this.deps, 'Group', request);
  }

  /**
   * The one implementation of a change to a group (PUT, PATCH, single or in Bulk), in one transaction: locks the
   * group row and moves its revision on (writes to one group serialise), checks `If-Match` against the revision it
   * had, applies the edit — the document with its change row, then the member set operations with theirs — and
   * rolls back when nothing changed, so the revision stays. Returns the group as it is after the change.
   */
  private async modify(request: ScimRequest, id: string, edit: (stored: GroupRow) => GroupEdit): Promise<GroupRow> {
    const tenantId = request.tenant.id;
    if (!isUuid(id)) throw resourceNotFound('Group', id);
    try {
      return await inTransaction(this.deps, async (trx) => {
        const started = await startGroupChange(trx, tenantId, id);
        if (!started) throw resourceNotFound('Group', id);
        const stored: GroupRow = { ...started.row, revision: started.row.revision - 1 };
        assertIfMatch(request.ifMatch, stored.revision, `Group ${id}`);
        const { doc: proposed, memberChanges } = edit(stored);
        const row: GroupRow | undefined = jsonEqual(proposed, stored.doc) ? undefined : await this.writeDocument(trx, tenantId, stored, proposed);
        const delta = await applyMemberChanges(trx, this.deps.registry, tenantId, id, memberChanges, request.baseUrl);
        if (!row && delta.added.length === 0 && delta.removed.length === 0) throw new NothingChanged();
        // Only a tenant that maps groups to roles asks whether these members' roles moved.
        if (started.roleMapped) await appendChanges(trx, tenantId, await membershipRoleChanges(trx, tenantId, id, delta));
        return row ?? started.row;
      });
    } catch (error) {
      if (!(error instanceof NothingChanged)) throw error;
      const row = await findGroup(this.deps.knex, tenantId, id);
      if (!row) throw resourceNotFound('Group', id);
      return row;
    }
  }

  /** Writes an edited document through the host's write hook; undefined when the hook leaves it as stored. */
  private async writeDocument(trx: Knex.Transaction, tenantId: string, stored: GroupRow, proposed: ScimResource): Promise<GroupRow | undefined> {
    const id = stored.id;
    const doc = groupDocument(await runWriteHook(this.deps, trx, 'Group', { tenantId, operation: 'update', id, resource: proposed, previous: stored.doc }));
    if (jsonEqual(doc, stored.doc)) return undefined;
    const row = await writeGroupDocument(trx, tenantId, id, doc, [groupChange('group.updated', { id, ...groupKeyColumns(doc) })]);
    if (!row) throw resourceNotFound('Group', id);
    return row;
  }

  /** The group as the request's projection returns it, with `Location` on 201 and the `ETag`. */
  private async respond(request: ScimRequest, row: GroupRow, status: number): Promise<ScimResponse> {
    const projection = projectionOf(this.deps, 'Group', request);
    const rendered = await renderGroups(this.deps, { db: this.deps.knex, tenantId: request.tenant.id, baseUrl: request.baseUrl, projection }, [row]);
    return withHoles(
      {
        status,
        body: rendered.resources[0],
        etag: etagOf(row.revision),
        ...(status === 201 ? { location: resourceLocation(request.baseUrl, 'Group', row.id) } : {}),
      },
      rendered.holes,
    );
  }
}
