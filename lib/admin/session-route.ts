/**
 * `GET api/session`: what the UI asks first — whether it may go on, and the CSRF token to send with changes. In a
 * host application the host's own middleware has already decided; the standalone server answers this route itself
 * (with sign-in) before the request gets here.
 */
import type { Router } from 'express';
import { ensureCsrfToken } from './csrf.js';

/** Adds `GET api/session`. */
export function mountSessionRoute(router: Router): void {
  router.get('/api/session', (req, res) => {
    res.json({ authenticated: true, canSignOut: false, csrfToken: ensureCsrfToken(req, res) });
  });
}
