/**
 * Offset paging as the admin lists use it: 1-based `startIndex` and `count`, as in SCIM (RFC 7644 §3.4.2.4), and a
 * page of items with the total.
 */

/** A page request. */
export interface PageRequest {
  readonly startIndex: number;
  readonly count: number;
}

/** A page of items with the total. */
export interface Page<T> {
  readonly totalResults: number;
  readonly startIndex: number;
  readonly itemsPerPage: number;
  readonly items: T[];
}

/** Builds the page answer. */
export function pageOf<T>(page: PageRequest, total: number, items: T[]): Page<T> {
  return { totalResults: total, startIndex: page.startIndex, itemsPerPage: items.length, items };
}
