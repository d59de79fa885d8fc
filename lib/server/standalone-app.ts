/**
 * The standalone host: an Express app that mounts the SCIM router at `/scim`, the admin router at `/admin` and a
 * `/health` check, and `/metrics` (see metrics-route.ts).
 */
import express, { type Express, type RequestHandler } from 'express';
import type { ScimDirectory } from '../directory.js';
import type { TrustProxy } from './trust-proxy.js';
import { metricsRoute } from './metrics-route.js';

/** What the standalone app is built from. */
export interface StandaloneAppParts {
  readonly directory: ScimDirectory;
  /** Runs before the admin router: the standalone admin sign-in. */
  readonly adminGuard?: RequestHandler;
  /** Answers `/health`: resolves when the database answers. */
  readonly checkDatabase: () => Promise<void>;
  /**
   * The proxies whose `X-Forwarded-For`/`-Proto` are believed (`TRUST_PROXY`). Default none: the client's own
   * address counts, so no one can pose as another address to the sign-in throttle.
   */
  readonly trustProxy?: TrustProxy;
  /** `METRICS_TOKEN`: when set, `/metrics` asks for it as a bearer token. */
  readonly metricsToken?: string;
}

/** Builds the standalone Express app. */
export function createStandaloneApp(parts: StandaloneAppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', parts.trustProxy ?? false);
  app.get('/health', async (_req, res) => {
    try {
      await parts.checkDatabase();
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', detail: 'The database does not answer.' });
    }
  });
  app.get('/metrics', metricsRoute(parts.directory.metrics, parts.metricsToken));
  app.use('/scim', parts.directory.scimRouter);
  if (parts.adminGuard) app.use('/admin', parts.adminGuard);
  app.use('/admin', parts.directory.adminRouter);
  app.get('/', (_req, res) => res.redirect('/admin/'));
  return app;
}
