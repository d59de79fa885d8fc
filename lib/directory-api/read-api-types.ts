/**
 * The host's read API over the provisioned directory (`scim.directory`): options and results. Every call names the
 * tenant; resources come back as SCIM documents, rendered as the SCIM API renders them (RFC 7643 §3.1 `meta`,
 * RFC 7644 §3.9 projection), without HTTP.
 */
import type { ScimResource } from '../scim/schema/types.js';
import type { DirectoryCounts } from '../store/directory-counts.js';
import type { EffectiveRole, RoleSource } from '../provisioning/effective-roles.js';
import type { RolePathStep } from '../store/effective-roles-queries.js';
import type { GroupMemberRef, MemberQueryOptions, UserGroupRef } from '../store/nested-membership-queries.js';

// Declared beside the queries and use cases that produce them (types belong with the lower layer); part of this
// API. `users.roles(tenantId, userId)` answers `EffectiveRole[]` (or undefined for no such user): each role value
// with its `RoleSource`s, `direct` (the user's own `roles`) or `group` (a mapped group, with the `RolePathStep`s
// from the user's own group up to it); see lib/provisioning/effective-roles.ts.
export type { DirectoryCounts, EffectiveRole, GroupMemberRef, MemberQueryOptions, RolePathStep, RoleSource, UserGroupRef };

/**
 * Tombstones (option `softDelete`): `false` (default) skips them, `true` returns them with the live resources,
 * `'only'` returns only them. A tombstone carries `meta.deleted`, the time it was deleted.
 */
export type IncludeDeleted = boolean | 'only';

/** How a resource is returned. */
export interface ReadOptions {
  /** Only these attributes (plus `id` and `schemas`), as SCIM's `attributes` parameter (RFC 7644 §3.9). */
  readonly attributes?: string | readonly string[];
  /** Everything but these, as SCIM's `excludedAttributes`, e.g. `['members']` for a large group. */
  readonly excludedAttributes?: string | readonly string[];
  /** See {@link IncludeDeleted}; for lookups `'only'` behaves as `true`. Default false. */
  readonly includeDeleted?: IncludeDeleted;
}

/** Which resources a list, count or iteration covers. */
export interface QueryOptions {
  /** A SCIM filter (RFC 7644 §3.4.2.2), e.g. `emails[type eq "work" and value ew "@example.com"]`. */
  readonly filter?: string;
  /** Users only: only active (`true`) or inactive (`false`) users. */
  readonly active?: boolean;
  /** See {@link IncludeDeleted}. Default false. */
  readonly includeDeleted?: IncludeDeleted;
}

/** A page of a list. */
export interface ListOptions extends QueryOptions, Omit<ReadOptions, 'includeDeleted'> {
  /** A SCIM attribute path to sort by (RFC 7644 §3.4.2.3); default: creation order. */
  readonly sortBy?: string;
  readonly sortOrder?: 'ascending' | 'descending';
  /** 1-based index of the first result. Default 1. */
  readonly startIndex?: number;
  /** Results per page, 0 … the `maxPageSize` option. Default: the `defaultPageSize` option. */
  readonly count?: number;
}

/** One page of resources with the exact total, as a SCIM ListResponse has it (RFC 7644 §3.4.2). */
export interface DirectoryPage {
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly resources: ScimResource[];
}

/** Iterating over every matching resource in creation order, in batches. */
export interface IterateOptions extends QueryOptions, Omit<ReadOptions, 'includeDeleted'> {
  /** Resources read per statement. Default 500. */
  readonly batchSize?: number;
}

/** A page of members. */
export interface MemberPageOptions extends MemberQueryOptions {
  /** The `next` of the previous page; default: from the start. */
  readonly after?: string;
  /** Members per page, 1 … 10 000. Default 1000. */
  readonly limit?: number;
}

/** A page of members in member-id order. */
export interface MemberPage {
  readonly members: GroupMemberRef[];
  /** Pass as `after` for the next page; undefined on the last page. */
  readonly next: string | undefined;
}

