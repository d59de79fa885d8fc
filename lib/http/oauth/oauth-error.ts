/**
 * Error responses of the token endpoint (RFC 6749 §5.2): a JSON object with `error` and `error_description`,
 * never cached. `invalid_client` is 401 with a `WWW-Authenticate` challenge for HTTP Basic, the scheme a client can
 * authenticate with here (§2.3.1); `temporarily_unavailable` is 429 (the tenant's rate limit, with `Retry-After`);
 * every other error is 400.
 *
 * RFC 6749 defines no error for a rate limit at the token endpoint. `temporarily_unavailable` is the registered
 * OAuth error code that means "try again later" (§4.1.2.1, for the authorization endpoint); a client that knows no
 * OAuth code still reads the 429 and `Retry-After` of RFC 6585 §4.
 */
import type { Response } from 'express';

/** The error codes of RFC 6749 §5.2 this endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'temporarily_unavailable';

/** A refused token request; `description` is for the client and the event log and never holds a secret. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(description);
  }

  /** 401 for `invalid_client`, 429 for `temporarily_unavailable`, else 400. */
  get status(): number {
    if (this.code === 'invalid_client') return 401;
    return this.code === 'temporarily_unavailable' ? 429 : 400;
  }

  /** The response body. */
  body(): Record<string, string> {
    return { error: this.code, error_description: this.description };
  }
}

/** RFC 6749 §5.1: token responses, successful or not, must not be stored by caches. */
export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

/** Writes `error` as RFC 6749 §5.2 says; `status` overrides its own (405 for a method other than POST). */
export function sendOAuthError(res: Response, error: OAuthError, status = error.status): void {
  noStore(res);
  if (error.code === 'invalid_client') res.setHeader('WWW-Authenticate', 'Basic realm="scim-directory", charset="UTF-8"');
  res.status(status).json(error.body());
}
