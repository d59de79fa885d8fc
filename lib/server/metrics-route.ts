/**
 * `GET /metrics` of the standalone server: the directory's registry in Prometheus text format. Open by default,
 * like most exporters, for a scraper on the same network; with `METRICS_TOKEN` set it asks for
 * `Authorization: Bearer <METRICS_TOKEN>` (Prometheus' `authorization` scrape setting), compared in constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Registry } from 'prom-client';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The handler; `token` undefined or empty leaves it open. */
export function metricsRoute(registry: Registry, token: string | undefined): RequestHandler {
  const expected = token ? digest(`Bearer ${token}`) : undefined;
  return async (req, res) => {
    if (expected && !timingSafeEqual(digest(req.get('authorization') ?? ''), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.status(401).type('text/plain').send('Send "Authorization: Bearer <METRICS_TOKEN>".\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.type(registry.contentType).send(await registry.metrics());
  };
}
