/**
 * Reads a token request's parameters and the client's credentials from it: `client_secret_basic` (HTTP Basic with
 * the form-encoded client id and secret, RFC 6749 §2.3.1) or `client_secret_post` (`client_id` and `client_secret`
 * in the body). A request that uses both, repeats a parameter (§3.2) or sends a malformed Basic header is refused.
 */
import { OAuthError } from './oauth-error.js';

/** How the client authenticated. */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

/** The client's credentials from a token request. */
export interface ClientCredentials {
  readonly method: ClientAuthMethod;
  readonly clientId: string;
  readonly clientSecret: string;
}

const MAX_PARAMETER_LENGTH = 4096;

/** The single-valued parameters of a form body; a repeated or overlong one is `invalid_request`. */
export function formParameters(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') throw new OAuthError('invalid_request', `The parameter "${name.slice(0, 40)}" is repeated; each may be sent once (RFC 6749 §3.2).`);
    if (value.length > MAX_PARAMETER_LENGTH) throw new OAuthError('invalid_request', `The parameter "${name.slice(0, 40)}" is longer than ${MAX_PARAMETER_LENGTH} characters.`);
    out[name] = value;
  }
  return out;
}

/** RFC 6749 §2.3.1: the client id and secret are form-encoded before they are put in the Basic header. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError('invalid_client', 'The Basic authorization header is malformed: its client id or secret is not form-encoded.');
  }
}

/** The client's credentials, or undefined when the request carries none. */
export function clientCredentials(authorization: string | undefined, params: Record<string, string>): ClientCredentials | undefined {
  const basic = authorization === undefined ? undefined : /^Basic[ \t]+([A-Za-z0-9+/=]*)[ \t]*$/i.exec(authorization);
  if (authorization !== undefined && !basic) {
    throw new OAuthError('invalid_client', 'The Authorization header must use the Basic scheme with the client id and secret (RFC 6749 §2.3.1).');
  }
  if (basic) {
    if (params.client_secret !== undefined) {
      throw new OAuthError('invalid_request', 'The client authenticated twice (Basic header and client_secret); use one method (RFC 6749 §2.3).');
    }
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 1) throw new OAuthError('invalid_client', 'The Basic authorization header must hold "client_id:client_secret" in base64.');
    const clientId = formDecode(decoded.slice(0, colon));
    if (params.client_id !== undefined && params.client_id !== clientId) {
      throw new OAuthError('invalid_request', 'The client_id parameter differs from the client id of the Basic authorization header.');
    }
    return { method: 'client_secret_basic', clientId, clientSecret: formDecode(decoded.slice(colon + 1)) };
  }
  if (params.client_secret !== undefined) {
    if (!params.client_id) throw new OAuthError('invalid_request', 'client_secret was sent without client_id.');
    return { method: 'client_secret_post', clientId: params.client_id, clientSecret: params.client_secret };
  }
  return undefined;
}
