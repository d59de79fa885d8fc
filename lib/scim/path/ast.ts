/**
 * Attribute paths as readonly kind-tagged nodes (RFC 7644 §3.4.2.2 `attrPath` ABNF, §3.10). PATCH paths, which
 * embed a filter, are declared beside their parser in patch-path.ts, so that filter and path nodes do not import
 * each other.
 */

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
