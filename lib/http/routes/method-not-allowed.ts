/**
 * 405 for a method an endpoint does not offer, with `Allow` and a SCIM error body (RFC 7231 §6.5.5; RFC 7644
 * §3.12 gives every error the SCIM body).
 */
import type { Request, Response } from 'express';
import { ScimError } from '../../scim/errors.js';

/** Handler for `.all(…)` after an endpoint's methods: answers 405 naming the allowed ones. */
export function methodNotAllowed(allowed: readonly string[]) {
  const allow = allowed.join(', ');
  return function refuseMethod(req: Request, res: Response): never {
    res.setHeader('Allow', allow);
    throw new ScimError(405, `${req.method} is not supported on ${req.baseUrl}${req.path}; allowed: ${allow}.`);
  };
}
