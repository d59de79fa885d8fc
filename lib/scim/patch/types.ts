/**
 * Types of the PATCH engine (RFC 7644 §3.5.2): the operations it takes, the options it honours and what it returns.
 */
import type { FilterNode } from '../filter/ast.js';
import type { AttributeDefinition, ScimResource } from '../schema/types.js';

/** The PatchOp message schema URN (RFC 7644 §3.5.2). */
export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** `op` values (RFC 7644 §3.5.2), lower-case; a dialect rule lowercases `Add`/`Replace` before the engine runs. */
export type PatchOpName = 'add' | 'remove' | 'replace';

/** One element of `Operations`, after the shape check. */
export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  readonly value?: unknown;
}

/** A member reference as the membership store needs it. */
export interface MemberReference {
  /** The member's id. */
  readonly value: string;
  /** `User` or `Group`, when the client said. */
  readonly type?: string;
}

/**
 * A change to a group's membership, to be applied as a set operation in SQL, never by rewriting the member list
 * (RFC 7644 §3.5.2.1 add members, §3.5.2.2 remove one / all / remove-and-add, §3.5.2.3 replace all members).
 */
export type MemberChange =
  | { readonly kind: 'add'; readonly members: readonly MemberReference[] }
  | { readonly kind: 'remove'; readonly ids: readonly string[] }
  /** Remove the members matching a value filter that is not a plain list of ids (e.g. `type eq "Group"`). */
  | { readonly kind: 'removeWhere'; readonly filter: FilterNode }
  | { readonly kind: 'removeAll' }
  | { readonly kind: 'replace'; readonly members: readonly MemberReference[] };

/**
 * Checks and normalises one value written to `attribute` (a whole multi-valued array when `element` is false and
 * the attribute is multi-valued, one element or scalar otherwise). Throws 400 invalidValue naming `where`.
 */
export type PatchValueValidator = (
  attribute: AttributeDefinition,
  value: unknown,
  where: string,
  element: boolean,
) => unknown;

/** Options of {@link applyPatch}. */
export interface PatchOptions {
  /**
   * When an `add` or `replace` with a value filter matches no element, create one from the filter's `eq` terms
   * and the value instead of failing with noTarget (RFC 7644 §3.5.2.3 says noTarget; Entra and Okta expect the
   * element to appear). Default false.
   */
  readonly createOnNoMatch?: boolean;
  /**
   * Value checker; the default does the RFC 7643 §2.3 type checks and drops readOnly sub-attributes. The schema
   * layer's validator can be plugged in here.
   */
  readonly validateValue?: PatchValueValidator;
}

/** What {@link applyPatch} returns. */
export interface PatchResult {
  /** The patched document: a new object; the input is never modified. */
  readonly resource: ScimResource;
  /** Membership changes in request order (groups only); `members` is never written to `resource`. */
  readonly memberChanges: readonly MemberChange[];
  /**
   * False when the document did not change and there are no member changes, so the caller can skip the write and
   * the revision bump. Member changes may still turn out to be no-ops in SQL.
   */
  readonly changed: boolean;
}
