/**
 * Query parameters of a list or search (RFC 7644 §3.4.2): from the query string of `GET /Users`, or from the
 * `SearchRequest` body of `POST …/.search` (§3.4.3). Paging rules of §3.4.2.4: `startIndex` below 1 means 1;
 * `count` absent means the default page size, negative means 0, above the maximum means the maximum.
 */
import { invalidSyntax, invalidValue, ScimError } from '../scim/errors.js';
import type { ProjectionParameters } from '../scim/list/projection.js';
import { isPlainObject } from '../scim/schema/canonicalise.js';
import { parseSortOrder, type SortOrder } from '../store/sort-expression.js';

/** The SearchRequest message schema (RFC 7644 §3.4.3). */
export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** A list request's parameters, checked and with defaults applied. */
export interface ListParams {
  readonly filter?: string;
  readonly sortBy?: string;
  readonly sortOrder: SortOrder;
  /** 1-based. */
  readonly startIndex: number;
  /**
   * RFC 9865 `cursor`: present (possibly empty, which asks for the first page) when the client pages by cursor;
   * undefined for index paging (RFC 7644 §3.4.2.4).
   */
  readonly cursor?: string;
  /** 0 … maxPageSize. */
  readonly count: number;
  readonly projection: ProjectionParameters;
}

/** Page-size limits from the options. */
export interface PageLimits {
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
}

const INTEGER = /^[+-]?\d{1,30}$/;

function integer(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let parsed: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) parsed = value;
  else if (typeof value === 'string' && INTEGER.test(value.trim())) parsed = Number(value.trim());
  if (parsed === undefined) throw invalidValue(`Parameter '${name}' must be an integer, got ${JSON.stringify(value).slice(0, 60)}.`);
  // Far-out values behave as the largest safe ones: a page past the end is simply empty.
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, parsed));
}

function text(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidValue(`Parameter '${name}' must be a string, got ${JSON.stringify(value).slice(0, 60)}.`);
  return value;
}

/** `attributes` / `excludedAttributes`: comma-separated text in a query, an array of names in a SearchRequest. */
function names(name: string, value: unknown): string | readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw invalidValue(`Parameter '${name}' must be an array of attribute names.`);
}

/**
 * RFC 9865 `cursor`: a string of RFC 3986 unreserved characters; empty asks for the first page. Combined with
 * `startIndex` it is refused, since the two ways of paging cannot both hold.
 */
function cursorParameter(source: Readonly<Record<string, unknown>>): string | undefined {
  const cursor = source.cursor;
  if (cursor === undefined || cursor === null) return undefined;
  if (typeof cursor !== 'string') throw new ScimError(400, `Parameter 'cursor' must be a string, got ${JSON.stringify(cursor).slice(0, 60)}.`, 'invalidCursor');
  if (source.startIndex !== undefined && source.startIndex !== null && source.startIndex !== '') {
    throw invalidValue("Parameters 'cursor' and 'startIndex' cannot be combined: page either by cursor (RFC 9865) or by index (RFC 7644 §3.4.2.4).");
  }
  return cursor.trim();
}

function build(source: Readonly<Record<string, unknown>>, limits: PageLimits): ListParams {
  const cursor = cursorParameter(source);
  const startIndex = integer('startIndex', source.startIndex) ?? 1;
  const count = integer('count', source.count) ?? limits.defaultPageSize;
  const filter = text('filter', source.filter);
  const sortBy = text('sortBy', source.sortBy);
  const attributes = names('attributes', source.attributes);
  const excludedAttributes = names('excludedAttributes', source.excludedAttributes);
  return {
    ...(filter !== undefined && filter.trim() !== '' ? { filter } : {}),
    ...(sortBy !== undefined && sortBy.trim() !== '' ? { sortBy: sortBy.trim() } : {}),
    sortOrder: parseSortOrder(text('sortOrder', source.sortOrder)),
    startIndex: Math.max(1, startIndex),
    ...(cursor !== undefined ? { cursor } : {}),
    count: Math.min(limits.maxPageSize, Math.max(0, count)),
    projection: {
      ...(attributes !== undefined ? { attributes } : {}),
      ...(excludedAttributes !== undefined ? { excludedAttributes } : {}),
    },
  };
}

/** Parameters of `GET /Users?…` (names are case-sensitive, as RFC 7644 §3.4.2 spells them). */
export function listParamsFromQuery(query: Readonly<Record<string, string>>, limits: PageLimits): ListParams {
  return build(query, limits);
}

/**
 * Parameters of a `POST …/.search` body. `schemas` must name the SearchRequest message; the query string is not
 * consulted (§3.4.3 puts every parameter in the body).
 */
export function listParamsFromSearchBody(body: unknown, limits: PageLimits): ListParams {
  if (!isPlainObject(body)) throw invalidSyntax('The .search body must be a JSON object (a SearchRequest).');
  const schemas = body.schemas;
  if (!Array.isArray(schemas) || !schemas.some((urn) => typeof urn === 'string' && urn.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase())) {
    throw invalidSyntax(`The .search body: "schemas" must contain "${SEARCH_REQUEST_SCHEMA}".`);
  }
  return build(body, limits);
}
