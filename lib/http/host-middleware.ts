/**
 * The router handed to a host as `scimRouter`: an Express router whose stack is [the host's middleware, the SCIM
 * routes, the SCIM error handler]. The SCIM routes are registered when the directory is built, so a host's later
 * `scimRouter.use(...)` would land after them and never run for a SCIM request; instead `use`, `all`, the verb
 * methods (`get`, `post`, …) and `route` register on the first router of the stack, which runs before the
 * SCIM routes, as Express documents for middleware a host adds to a router it mounts. An error such middleware
 * passes on is answered by the SCIM error handler like any other error below the mount.
 */
import { METHODS } from 'node:http';
import express, { type ErrorRequestHandler, type Router } from 'express';

type Registration = (...args: unknown[]) => unknown;

/** The registration methods that return the router, delegated to the host's router and answering `outer`. */
const CHAINED = ['use', 'all', ...METHODS.map((method) => method.toLowerCase())];

/**
 * Builds `scimRouter` around the SCIM routes `scim`: host middleware registered on the result runs before them,
 * errors of both end in `handleError`.
 */
export function routerWithHostMiddleware(scim: Router, handleError: ErrorRequestHandler): Router {
  const host = express.Router();
  const outer = express.Router();
  outer.use(host, scim, handleError);
  const own = outer as unknown as Record<string, Registration>;
  const target = host as unknown as Record<string, Registration>;
  for (const name of CHAINED) {
    const register = target[name];
    if (typeof register !== 'function') continue;
    own[name] = (...args: unknown[]) => {
      register.apply(host, args);
      return outer;
    };
  }
  own.route = (...args: unknown[]) => (target.route as Registration).apply(host, args);
  return outer;
}
