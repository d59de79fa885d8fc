/**
 * Which identity provider sent a request, for the event log and the admin UI ("IDP from User-Agent", DESIGN.md §3).
 * The User-Agent decides when it names a provider: Okta sends `Okta SCIM Client 1.0.0` (Okta's SCIM 2.0 reference);
 * Entra ID's provisioning service identifies itself as `Microsoft Azure AD SCIM provisioning 1.0.0` (also seen as
 * `Azure AD SCIM Client`, and with "Microsoft Entra" since the rename); PingFederate's connector as
 * `Apache-HttpClient/…`; OneLogin, JumpCloud, Google and PingOne put their names in theirs.
 * When it does not, the request shape can: Entra ID's legacy group schema URN in `schemas`, or its capitalised
 * PATCH ops (`"Replace"`), and Okta's pathless group rename echoing the group `id`. Detection only labels
 * requests; no rule depends on it, so a wrong guess never changes what a request does.
 */
import { isPlainObject } from '../schema/canonicalise.js';
import { hasEntraLegacyGroupSchema } from './legacy-schema-urns.js';

/** Identity providers the service recognises. */
export type IdentityProvider = 'entra' | 'okta' | 'onelogin' | 'jumpcloud' | 'google' | 'ping' | 'unknown';

/** User-Agent patterns, checked in order (Okta first: its agent string is the one documented verbatim). */
const USER_AGENT_PATTERNS: readonly (readonly [IdentityProvider, RegExp])[] = [
  ['okta', /\bokta\b/i],
  ['entra', /azure[\s-]?ad|microsoft[\s-]?entra|entra[\s-]?id|aad[\s-]?provisioning|microsoft.*scim/i],
  ['onelogin', /one[\s-]?login/i],
  ['jumpcloud', /jump[\s-]?cloud/i],
  ['ping', /ping[\s-]?(?:identity|federate|one)/i],
  // PingFederate's SCIM connector sends its HTTP library's agent; GitHub's SCIM code reads it as Ping the same way.
  ['ping', /^Apache-HttpClient\//i],
  ['google', /\bgoogle/i],
];

/** The operations of a PATCH body, or an empty list. */
function operationsOf(body: Record<string, unknown>): unknown[] {
  const operations = Object.entries(body).find(([key]) => key.toLowerCase() === 'operations')?.[1];
  return Array.isArray(operations) ? operations : [];
}

/** The provider a request body's shape gives away, if any. */
function providerFromBody(body: unknown): IdentityProvider {
  if (!isPlainObject(body)) return 'unknown';
  if (hasEntraLegacyGroupSchema(body)) return 'entra';
  for (const operation of operationsOf(body)) {
    if (!isPlainObject(operation)) continue;
    const { op, path, value } = operation;
    if (typeof op === 'string' && /^(?:Add|Replace|Remove)$/.test(op)) return 'entra';
    if (path === undefined && op === 'replace' && isPlainObject(value) && 'id' in value) return 'okta';
  }
  return 'unknown';
}

/** Names the provider from the User-Agent header and, failing that, the parsed request body. */
export function detectProvider(userAgent: string | undefined, body?: unknown): IdentityProvider {
  const agent = userAgent ?? '';
  const named = USER_AGENT_PATTERNS.find(([, pattern]) => pattern.test(agent));
  return named ? named[0] : providerFromBody(body);
}

/** {@link detectProvider} for the event log: the provider's name, or undefined when unknown (stored as NULL). */
export function detectProviderName(userAgent: string | undefined, body?: unknown): string | undefined {
  const provider = detectProvider(userAgent, body);
  return provider === 'unknown' ? undefined : provider;
}
