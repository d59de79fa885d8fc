/**
 * Response headers of everything the admin router serves. The Content-Security-Policy allows scripts and styles
 * only from the UI's own files — no inline script or style, no eval — so markup an identity provider managed to
 * smuggle into a value could not run even if it reached the DOM as HTML (the UI only ever sets `textContent`).
 */
import type { NextFunction, Request, Response } from 'express';

/** The admin UI's Content-Security-Policy. */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets CSP, nosniff, no referrer, no framing and no caching of API answers. */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', ADMIN_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
  next();
}
