/**
 * What a provisioning tenant sends, in the proportions of an identity provider's sync cycle: Entra ID looks a user
 * up by userName before it creates or updates it, updates far more users than it creates, and adds members to groups
 * with PATCH. One cycle of {@link MIX} is 8 lookups, 3 creates, 5 user PATCHes and 4 member additions, interleaved.
 * Bodies are serialised once, or assembled from serialised pieces, so the load generator spends little CPU.
 */
import { benchUserName } from '../user-fixtures.js';

/** The kinds of request of the mix. */
export type RequestKind = 'lookup' | 'create' | 'patchUser' | 'addMember';

/** The repeating sequence of a tenant's requests. */
export const MIX: readonly RequestKind[] = [
  'lookup', 'create', 'lookup', 'patchUser', 'addMember',
  'lookup', 'patchUser', 'lookup', 'create', 'addMember',
  'lookup', 'patchUser', 'lookup', 'addMember', 'patchUser',
  'lookup', 'create', 'lookup', 'patchUser', 'addMember',
];

/** One request: method, path below the tenant's base URL and an already serialised body. */
export interface PlannedRequest {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
  readonly body?: Buffer;
}

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
/** Stands for the part that differs per request; printable, so JSON.stringify leaves it as it is. */
const MARK = '%%N%%';

/** Builds the requests of one tenant: request `n` of a phase `tag` (the tag keeps created userNames unique). */
export function createRequestPlan(options: { runId: string; seededUsers: number; userIds: readonly string[]; groupId: string }) {
  const { userIds, groupId } = options;
  if (userIds.length === 0) throw new Error('a tenant that sends load needs the ids of its seeded users');
  const created = JSON.stringify({
    schemas: [USER_SCHEMA],
    userName: `load-${MARK}@example.com`,
    externalId: `load-${MARK}`,
    name: { givenName: 'Load', familyName: `User ${MARK}`, formatted: `Load User ${MARK}` },
    displayName: `Load User ${MARK}`,
    title: 'Engineer',
    emails: [{ value: `load-${MARK}@example.com`, type: 'work', primary: true }],
    active: true,
  }).split(MARK);
  const renames = Array.from({ length: 16 }, (_, i) =>
    Buffer.from(JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: `Renamed ${i}` }] })),
  );
  const [memberHead, memberTail] = JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: MARK }] }] }).split(MARK);
  const lookups = Array.from({ length: Math.min(options.seededUsers, 1000) }, (_, i) => `/Users?filter=${encodeURIComponent(`userName eq "${benchUserName(options.runId, i)}"`)}`);
  const groupPath = `/Groups/${groupId}`;

  /** Request `n` of this tenant in phase `tag`. */
  return (n: number, tag: string): PlannedRequest => {
    const kind = MIX[n % MIX.length] as RequestKind;
    const user = userIds[(n * 7919) % userIds.length] as string;
    switch (kind) {
      case 'lookup':
        return { kind, method: 'GET', path: lookups[(n * 104729) % lookups.length] as string };
      case 'create':
        return { kind, method: 'POST', path: '/Users', body: Buffer.from(created.join(`${options.runId}-${tag}-${n}`)) };
      case 'patchUser':
        return { kind, method: 'PATCH', path: `/Users/${user}`, body: renames[n % renames.length] as Buffer };
      default:
        return { kind, method: 'PATCH', path: groupPath, body: Buffer.from(`${memberHead}${user}${memberTail}`) };
    }
  };
}
