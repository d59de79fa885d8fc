/**
 * Attribute paths and PATCH paths as readonly kind-tagged nodes (RFC 7644 §3.5.2 `PATH` ABNF, §3.10).
 */
import type { FilterNode } from '../filter/ast.js';

/**
 * `attrPath = [URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.4.2.2 ABNF). Names are as the client wrote them;
 * resolution against the registry makes them canonical.
 */
export interface AttributePath {
  readonly kind: 'attributePath';
  /** The schema URN prefix when the client wrote one, e.g. the enterprise extension URN. */
  readonly schema?: string;
  readonly attribute: string;
  readonly subAttribute?: string;
}

/**
 * A PATCH `path` (RFC 7644 §3.5.2): `attrPath` or `valuePath [subAttr]`, e.g. `members`,
 * `name.givenName`, `emails[type eq "work"].value`, `members[value eq "2819c223"]`.
 */
export interface PatchPath {
  readonly kind: 'patchPath';
  /** The attribute (with an optional sub-attribute when there is no value filter). */
  readonly path: AttributePath;
  /** The value filter in brackets, evaluated against each element of a multi-valued attribute. */
  readonly valueFilter?: FilterNode;
  /** The sub-attribute after the brackets (`.value` in `emails[type eq "work"].value`). */
  readonly subAttribute?: string;
}
