/**
 * Reading and writing the admin cookies without a cookie-parsing dependency: the admin API reads at most two.
 */
import type { Request, Response } from 'express';

/** The value of cookie `name` on the request, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Cookie attributes of the admin cookies. */
export interface AdminCookieOptions {
  /** Cookie path: where the admin router is mounted (`req.baseUrl`). */
  readonly path: string;
  /** Seconds until expiry; 0 deletes the cookie; undefined makes a browser-session cookie. */
  readonly maxAge?: number;
}

/**
 * Sets an HttpOnly, SameSite=Strict cookie, `Secure` when the request came over HTTPS (directly or, with Express
 * `trust proxy`, through a proxy that says so).
 */
export function setAdminCookie(req: Request, res: Response, name: string, value: string, options: AdminCookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${options.path || '/'}`, 'HttpOnly', 'SameSite=Strict'];
  if (options.maxAge !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAge))}`);
  if (req.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}
