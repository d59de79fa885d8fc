/**
 * The user documents the benchmark provisions: what Entra ID and Okta typically send on create (RFC 7643 §4.1
 * core attributes plus a work email), unique per run so a rerun on a kept database never collides.
 */

const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The userName of user number `index` of run `runId`. */
export function benchUserName(runId: string, index: number): string {
  return `bench-${runId}-${index}@example.com`;
}

/** A create (or, with `revision` > 0, a full-replace) document for user number `index`. */
export function benchUser(runId: string, index: number, revision = 0): Record<string, unknown> {
  const given = `Given${index}`;
  const family = revision > 0 ? `Family${index}r${revision}` : `Family${index}`;
  return {
    schemas: [USER_SCHEMA],
    userName: benchUserName(runId, index),
    externalId: `ext-${runId}-${index}`,
    name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
    displayName: `${given} ${family}`,
    title: revision > 0 ? `Engineer ${revision}` : 'Engineer',
    emails: [{ value: benchUserName(runId, index), type: 'work', primary: true }],
    active: true,
  };
}
