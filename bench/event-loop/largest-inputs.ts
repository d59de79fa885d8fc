/**
 * The largest inputs the SCIM API accepts, one per kind, each as the request text a client would send (bodies just
 * under the 128 KB `resourceBodyLimit`, Bulk just under the 1 MB `bodyLimit`, filters at the length and clause caps,
 * PATCH at its operation cap).
 */
import { MAX_BODY_DEPTH } from '../../lib/http/routes/body-depth.js';
import { MAX_FILTER_CLAUSES, MAX_FILTER_LENGTH } from '../../lib/scim/filter/limits.js';
import { MAX_PATCH_OPERATIONS } from '../../lib/scim/patch/limits.js';

/** The default `bodyLimit`. */
export const BODY_LIMIT = 1024 * 1024;
/** The default `resourceBodyLimit`: the body of any request other than Bulk. */
export const RESOURCE_BODY_LIMIT = 128 * 1024;
/** The default Bulk `maxOperations`. */
export const BULK_MAX_OPERATIONS = 1000;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** Repeats `make(i)` into a JSON array text while it fits in `budget` characters. */
function fill(budget: number, make: (index: number) => unknown): unknown[] {
  const items: unknown[] = [];
  let size = 2;
  for (let index = 0; ; index += 1) {
    const item = make(index);
    size += JSON.stringify(item).length + 1;
    if (size > budget) return items;
    items.push(item);
  }
}

/** A large stored user: its emails, phone numbers and addresses fill most of a maximum-size create body. */
export function largeUserBody(): string {
  const emails = fill(RESOURCE_BODY_LIMIT * 0.45, (i) => ({ value: `person.${i}@example.com`, type: i % 2 ? 'home' : 'work' }));
  const addresses = fill(RESOURCE_BODY_LIMIT * 0.45, (i) => ({ type: 'work', streetAddress: `${i} Main Street`, locality: 'Oslo', country: 'NO' }));
  return JSON.stringify({ schemas: [USER], userName: 'large@example.com', name: { givenName: 'Large', familyName: 'User' }, emails, addresses });
}

/** PATCH at the operation cap, each operation adding a new email with a large display text. */
export function patchAddsBody(): string {
  const display = 'd'.repeat(Math.floor(RESOURCE_BODY_LIMIT / MAX_PATCH_OPERATIONS) - 200);
  const Operations = Array.from({ length: MAX_PATCH_OPERATIONS }, (_, i) => ({
    op: 'add',
    path: 'emails',
    value: [{ value: `new.${i}@example.com`, type: 'other', display, primary: i % 2 === 0 }],
  }));
  return JSON.stringify({ schemas: [PATCH], Operations });
}

/** A user with `count` emails, as {@link largeUserBody} names them. */
export function userWithEmailsBody(count: number): string {
  const emails = Array.from({ length: count }, (_, i) => ({ value: `person.${i}@example.com`, type: i % 2 ? 'home' : 'work' }));
  return JSON.stringify({ schemas: [USER], userName: 'typical@example.com', emails });
}

/** PATCH at the operation cap, each operation a value-filtered replace of one of the first `emails` emails. */
export function patchFilteredBody(emails = MAX_PATCH_OPERATIONS): string {
  const Operations = Array.from({ length: MAX_PATCH_OPERATIONS }, (_, i) => ({
    op: 'replace',
    path: `emails[value eq "person.${i % emails}@example.com" or type eq "none${i}"].display`,
    value: `Display ${i}`,
  }));
  return JSON.stringify({ schemas: [PATCH], Operations });
}

/** PATCH at the operation cap, pathless replaces of whole lists, filling the body. */
export function patchPathlessBody(): string {
  const per = Math.floor(RESOURCE_BODY_LIMIT / MAX_PATCH_OPERATIONS) - 100;
  const Operations = Array.from({ length: MAX_PATCH_OPERATIONS }, (_, i) => ({
    op: 'replace',
    value: { nickName: `n${i}`, phoneNumbers: fill(per, (j) => ({ value: `+47 ${i} ${j}`, type: 'work' })) },
  }));
  return JSON.stringify({ schemas: [PATCH], Operations });
}

/** The longest filter: at the clause cap, its values padded so the text just fits the length cap. */
export function longestFilter(): string {
  // Alternating forms average two clauses each (`emails[…].value co` is three), plus one `or` between them.
  const comparisons = Math.floor((MAX_FILTER_CLAUSES + 1) / 3);
  const shape = (i: number, pad: string): string =>
    i % 2 ? `emails[type eq "work"].value co "${pad}${i}"` : `name.familyName sw "${pad}${i}"`;
  const bare = Array.from({ length: comparisons }, (_, i) => shape(i, '')).join(' or ');
  const pad = 'x'.repeat(Math.floor((MAX_FILTER_LENGTH - bare.length) / comparisons));
  return Array.from({ length: comparisons }, (_, i) => shape(i, pad)).join(' or ');
}

/** A filter at the clause and nesting caps: `not (` wrapped around and-chains. */
export function deepFilter(): string {
  const inner = Array.from({ length: 20 }, (_, i) => `userName eq "u${i}"`).join(' and ');
  return `${'not ('.repeat(40)}${inner}${')'.repeat(40)}`;
}

/** A Bulk request at `maxOperations`, user creates filling the body. */
export function bulkBody(): string {
  const pad = 'p'.repeat(Math.floor(BODY_LIMIT / BULK_MAX_OPERATIONS) - 260);
  const Operations = Array.from({ length: BULK_MAX_OPERATIONS }, (_, i) => ({
    method: 'POST',
    path: '/Users',
    bulkId: `b${i}`,
    data: { schemas: [USER], userName: `bulk.${i}@example.com`, nickName: pad, emails: [{ value: `bulk.${i}@example.com`, type: 'work' }] },
  }));
  return JSON.stringify({ schemas: [BULK], Operations });
}

/**
 * A body of at most `limit` characters and `maxNodes` arrays and objects whose unknown attribute nests just inside
 * the depth cap, many times over (without `maxNodes`, far more arrays than the node cap allows).
 */
export function deepBody(limit = RESOURCE_BODY_LIMIT, maxNodes = Infinity): string {
  const deep = `${'['.repeat(MAX_BODY_DEPTH - 2)}1${']'.repeat(MAX_BODY_DEPTH - 2)}`;
  const copies = Math.min(Math.floor((limit - 200) / (deep.length + 1)), Math.floor((maxNodes - 3) / (MAX_BODY_DEPTH - 2)));
  return `{"schemas":["${USER}"],"userName":"deep","x-noise":[${Array.from({ length: copies }, () => deep).join(',')}]}`;
}

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const memberId = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A group create body with as many members as fit in a single-resource body (or `count` of them). */
export function largeGroupBody(count?: number): string {
  const members = count === undefined ? fill(RESOURCE_BODY_LIMIT - 200, (i) => ({ value: memberId(i) })) : Array.from({ length: count }, (_, i) => ({ value: memberId(i) }));
  return JSON.stringify({ schemas: [GROUP], displayName: 'Large group', members });
}

/** A group PATCH adding as many members as fit in a single-resource body, in one operation. */
export function patchMemberAddsBody(): string {
  const value = fill(RESOURCE_BODY_LIMIT - 300, (i) => ({ value: memberId(i + 1_000_000) }));
  return JSON.stringify({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value }] });
}

/** A .search body whose attributes and excludedAttributes name attributes (many unknown) up to the body limit. */
export function projectionSearchBody(): string {
  const known = ['userName', 'name.givenName', 'emails.value', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'];
  const half = RESOURCE_BODY_LIMIT / 2 - 200;
  const attributes = fill(half, (i) => (i < known.length ? known[i] : `custom${i}.sub${i}`));
  const excludedAttributes = fill(half, (i) => `name.x${i}`);
  return JSON.stringify({ schemas: [SEARCH], attributes, excludedAttributes, count: 10 });
}

/** The longest `sortBy` a query string of Node's default header size can carry. */
export function longSortBy(): string {
  return `urn:ietf:params:scim:schemas:core:2.0:User:${'a'.repeat(MAX_FILTER_LENGTH - 60)}.b`;
}
