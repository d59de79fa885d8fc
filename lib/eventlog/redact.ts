/**
 * Redaction of what the event log stores: an identity provider's requests carry bearer tokens and, on user
 * create/replace/patch, passwords. The log keeps the shape of a request (for debugging) without those values.
 */

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Attribute names whose values are never stored, compared case-insensitively on the last segment of a name, so
 * `password`, `urn:ietf:params:scim:schemas:core:2.0:User:password` and `Password` are all caught.
 */
const SENSITIVE_NAME = /^(password|newpassword|oldpassword|secret|clientsecret|client_secret|token|accesstoken|access_token|refreshtoken|refresh_token|idtoken|id_token|authorization|apikey|api_key|bearer)$/i;

/**
 * Every name {@link SENSITIVE_NAME} matches contains one of these: a name without any is not sensitive, which one
 * test tells for the ordinary attribute names of a body without cutting the name up.
 */
const SENSITIVE_PART = /pass|secret|token|authorization|api_?key|bearer/i;

/** Our own bearer tokens (`scimdir_` + base62) and anything written as `Bearer <credential>`. */
const TOKEN_PATTERN = /scimdir_[A-Za-z0-9_]{4,}/g;
const BEARER_PATTERN = /(Bearer\s+)[A-Za-z0-9._~+/=-]{4,}/gi;
/** `"password": "…"` pairs left in text we do not parse (response bodies, truncated JSON). */
const JSON_SENSITIVE_PAIR = /("(?:[^"\\]*:)?(?:password|secret|client_?secret|access_?token|refresh_?token|api_?key)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/** Text without any of these has nothing the patterns above or below replace. */
const MAY_NEED_REDACTION = /scimdir_|bearer|password|secret|token|api_?key/i;
/** `password=…` style query parameters. */
const QUERY_SENSITIVE_PAIR = /((?:^|[?&;])(?:password|secret|client_?secret|access_?token|refresh_?token|api_?key|token)=)[^&;#]*/gi;

/** True when an attribute name or path (`emails[type eq "work"].value`, URN-qualified) names a secret. */
export function isSensitiveName(name: string): boolean {
  if (!SENSITIVE_PART.test(name)) return false;
  const last = name.replace(/\[.*?\]/g, '').split(/[:.]/).pop() ?? name;
  return SENSITIVE_NAME.test(last.trim());
}

/** Replaces token-shaped substrings in any text. */
export function redactText(text: string): string {
  if (!MAY_NEED_REDACTION.test(text)) return text;
  return text.replace(TOKEN_PATTERN, `scimdir_${REDACTED}`).replace(BEARER_PATTERN, `$1${REDACTED}`).replace(JSON_SENSITIVE_PAIR, `$1"${REDACTED}"`);
}

/** Redacts secret-looking query parameters (`?access_token=…`) and tokens in a raw query string. */
export function redactQuery(query: string): string {
  return redactText(query.replace(QUERY_SENSITIVE_PAIR, `$1${REDACTED}`));
}

/**
 * A copy of a parsed JSON body with secrets replaced: values under sensitive keys, the `value` of a PATCH
 * operation whose `path` names a secret (RFC 7644 §3.5.2 `{"op":"replace","path":"password","value":"…"}`), and
 * token-shaped strings anywhere. The input is not modified. Depth is capped because bodies come from outside.
 */
export function redactJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > 64) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactJson(item, depth + 1));
  const source = value as Record<string, unknown>;
  const pathNamesSecret = typeof source.path === 'string' && isSensitiveName(source.path);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(source)) {
    if (isSensitiveName(key) || (pathNamesSecret && key.toLowerCase() === 'value')) out[key] = item === null ? null : REDACTED;
    else out[key] = redactJson(item, depth + 1);
  }
  return out;
}
