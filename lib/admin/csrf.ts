/**
 * CSRF protection of every state-changing admin request: a random token kept in an HttpOnly, SameSite=Strict
 * cookie and echoed by the UI in the `X-CSRF-Token` header (double submit). The UI learns the token from
 * `GET api/session` — a cross-site page can neither read that response (no CORS) nor set our cookie, so it cannot
 * produce the header. This is in the admin router itself, so it protects hosts whose own admin session is a cookie.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { AdminError } from './admin-error.js';
import { readCookie, setAdminCookie } from './cookies.js';

/** The cookie holding the CSRF token. */
export const CSRF_COOKIE = 'scimdir_admin_csrf';
/** The header a state-changing request echoes the token in. */
export const CSRF_HEADER = 'x-csrf-token';

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{32,128}$/;
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookiePath(req: Request): string {
  return req.baseUrl || '/';
}

/** The request's CSRF token, creating one (and its cookie) when it has none. */
export function ensureCsrfToken(req: Request, res: Response): string {
  const existing = readCookie(req, CSRF_COOKIE);
  if (existing && TOKEN_SHAPE.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  setAdminCookie(req, res, CSRF_COOKIE, token, { path: cookiePath(req) });
  return token;
}

/** True when the header matches the cookie (constant time). */
export function csrfTokenMatches(req: Request): boolean {
  const cookie = readCookie(req, CSRF_COOKIE);
  const header = req.get(CSRF_HEADER);
  if (!cookie || !header || !TOKEN_SHAPE.test(cookie)) return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Middleware: refuses state-changing requests without a matching token (403 `csrf`). */
export function requireCsrfToken(req: Request, _res: Response, next: NextFunction): void {
  if (SAFE_METHODS.has(req.method) || csrfTokenMatches(req)) {
    next();
    return;
  }
  throw new AdminError(403, 'csrf', `Missing or wrong ${CSRF_HEADER} header: reload the admin page and try again.`, CSRF_HEADER);
}
