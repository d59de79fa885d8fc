/**
 * The standalone server's admin sign-in, run in front of the admin router: the administrator proves the admin
 * secret once and gets a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS, signed, 8 hours). The
 * cookie carries a random session id and its expiry under an HMAC, so every instance of a cluster accepts it, and
 * changing the secret ends every session. Signing out records the session id in the database until the session
 * would have expired, so a copy of the cookie is refused afterwards by every instance, not only forgotten by the
 * browser. Sign-in and sign-out need the CSRF header like every other change; repeated wrong secrets from one
 * address are slowed down with 429s.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { AdminError, sendAdminError } from '../admin/admin-error.js';
import { readCookie, setAdminCookie } from '../admin/cookies.js';
import { csrfTokenMatches, ensureCsrfToken } from '../admin/csrf.js';
import { securityHeaders } from '../admin/security-headers.js';
import type { ScimLogger } from '../logger.js';
import type { AdminSessionsStore } from '../store/admin-sessions-store.js';
import { adminSecretDigest, type AdminSecret } from './admin-secret.js';

/** The session cookie. */
export const SESSION_COOKIE = 'scimdir_admin_session';

/** Options of the sign-in guard. */
export interface AdminAuthOptions {
  readonly secret: AdminSecret;
  readonly logger: ScimLogger;
  /** Where signed-out sessions are recorded; shared by the instances on one database. */
  readonly sessions: AdminSessionsStore;
  /** Session lifetime in ms. Default 8 hours. */
  readonly sessionTtlMs?: number;
  /** Failed sign-ins allowed per address per window before 429. Default 10 per 5 minutes. */
  readonly maxFailures?: number;
  readonly failureWindowMs?: number;
}

function sign(key: Buffer, payload: string): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}

/** A session cookie value valid until `expiresAt` (ms). */
export function createSessionValue(key: Buffer, expiresAt: number): string {
  const payload = `${expiresAt}.${randomBytes(12).toString('base64url')}`;
  return `${payload}.${sign(key, payload)}`;
}

/** What a valid session cookie says: its id (the random part) and when it expires (ms). */
export interface SessionClaims {
  readonly id: string;
  readonly expiresAt: number;
}

/** The claims of `value` when it was signed with `key` and has not expired; undefined otherwise. */
export function readSession(key: Buffer, value: string | undefined, now = Date.now()): SessionClaims | undefined {
  if (!value) return undefined;
  const parts = value.split('.');
  if (parts.length !== 3) return undefined;
  const [expires, nonce, mac] = parts as [string, string, string];
  const expected = Buffer.from(sign(key, `${expires}.${nonce}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const expiresAt = Number(expires);
  return Number.isFinite(expiresAt) && expiresAt > now ? { id: nonce, expiresAt } : undefined;
}

/** True when `value` was signed with `key` and has not expired (whether it was signed out is the database's to say). */
export function isValidSession(key: Buffer, value: string | undefined, now = Date.now()): boolean {
  return readSession(key, value, now) !== undefined;
}

/** Where the guard leaves the signed-in administrator's name for {@link standaloneAuditPrincipal}. */
const PRINCIPAL_LOCAL = 'scimdirAdminPrincipal';

/**
 * The audit trail's name of a standalone administrator: there is one admin secret, so sessions are told apart by
 * the start of their id (enough to match a sign-in to its changes, too little to forge the cookie).
 */
export function standalonePrincipal(sessionId: string): string {
  return `admin (standalone sign-in, session ${sessionId.slice(0, 8)})`;
}

/**
 * The `auditPrincipal` option of the standalone server's directory: the session the sign-in guard let through, or
 * undefined for a request that did not pass the guard.
 */
export function standaloneAuditPrincipal(req: Request): string | undefined {
  const value: unknown = req.res?.locals[PRINCIPAL_LOCAL];
  return typeof value === 'string' ? value : undefined;
}

function secretMatches(digest: string, candidate: unknown): boolean {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 1024) return false;
  const a = Buffer.from(adminSecretDigest(candidate.trim()), 'hex');
  const b = Buffer.from(digest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Builds the guard for `app.use('/admin', guard)`. */
export function createAdminAuth(options: AdminAuthOptions): RequestHandler {
  const ttl = options.sessionTtlMs ?? 8 * 60 * 60 * 1000;
  const maxFailures = options.maxFailures ?? 10;
  const windowMs = options.failureWindowMs ?? 5 * 60 * 1000;
  const failures = new Map<string, { count: number; since: number }>();
  const key = options.secret.sessionKey;
  const parseJson = express.json({ limit: '8kb' });

  const sessionOf = (req: Request): SessionClaims | undefined => readSession(key, readCookie(req, SESSION_COOKIE));
  const signedIn = async (req: Request): Promise<boolean> => {
    const session = sessionOf(req);
    return session !== undefined && !(await options.sessions.isRevoked(session.id));
  };

  const throttled = (address: string, now: number): boolean => {
    const entry = failures.get(address);
    if (!entry || now - entry.since > windowMs) return false;
    return entry.count >= maxFailures;
  };
  const noteFailure = (address: string, now: number): void => {
    const entry = failures.get(address);
    if (!entry || now - entry.since > windowMs) {
      // Bounded: an attacker rotating addresses cannot grow this without limit.
      if (failures.size >= 10_000) failures.clear();
      failures.set(address, { count: 1, since: now });
    } else entry.count++;
  };

  const signIn = (req: Request, res: Response): void => {
    if (!csrfTokenMatches(req)) throw new AdminError(403, 'csrf', 'Missing or wrong x-csrf-token header: reload the page and try again.', 'x-csrf-token');
    const address = req.ip ?? 'unknown';
    const now = Date.now();
    if (throttled(address, now)) throw new AdminError(429, 'too_many_requests', 'Too many wrong admin secrets from this address; wait a few minutes.');
    const body: unknown = req.body;
    const secret = typeof body === 'object' && body !== null ? (body as Record<string, unknown>).secret : undefined;
    if (!secretMatches(options.secret.digest, secret)) {
      noteFailure(address, now);
      options.logger.warn('admin sign-in failed', { address });
      throw new AdminError(401, 'unauthenticated', 'That is not the admin secret.', 'secret');
    }
    failures.delete(address);
    setAdminCookie(req, res, SESSION_COOKIE, createSessionValue(key, now + ttl), { path: req.baseUrl || '/', maxAge: ttl / 1000 });
    options.logger.info('admin signed in', { address });
    res.json({ authenticated: true, canSignOut: true, csrfToken: ensureCsrfToken(req, res) });
  };

  const handle = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (req.path === '/api/session') {
      if (req.method === 'GET') {
        const authenticated = await signedIn(req);
        res.setHeader('Cache-Control', 'no-store');
        res.json({ authenticated, canSignOut: true, csrfToken: ensureCsrfToken(req, res) });
        return;
      }
      if (req.method === 'POST') {
        parseJson(req, res, (error?: unknown) => {
          if (error) return next(new AdminError(400, 'bad_request', 'The request body must be JSON like {"secret": "…"}.', 'body'));
          try {
            signIn(req, res);
          } catch (e) {
            next(e);
          }
        });
        return;
      }
      if (req.method === 'DELETE') {
        if (!csrfTokenMatches(req)) throw new AdminError(403, 'csrf', 'Missing or wrong x-csrf-token header.', 'x-csrf-token');
        // Ended on the server first: if that fails the answer is an error, not a sign-out that only the browser saw.
        const session = sessionOf(req);
        if (session) await options.sessions.revoke(session.id, new Date(session.expiresAt));
        setAdminCookie(req, res, SESSION_COOKIE, '', { path: req.baseUrl || '/', maxAge: 0 });
        res.status(204).end();
        return;
      }
    }
    if (req.path.startsWith('/api/')) {
      const session = sessionOf(req);
      if (!session || (await options.sessions.isRevoked(session.id))) {
        throw new AdminError(401, 'unauthenticated', 'Sign in with the admin secret first (POST api/session).');
      }
      res.locals[PRINCIPAL_LOCAL] = standalonePrincipal(session.id);
    }
    next();
  };

  return async (req, res, next) => {
    securityHeaders(req, res, () => undefined);
    try {
      await handle(req, res, (error?: unknown) => {
        if (error instanceof AdminError) sendAdminError(res, error);
        else next(error as Error | undefined);
      });
    } catch (error) {
      if (error instanceof AdminError) sendAdminError(res, error);
      else next(error);
    }
  };
}
