/**
 * The SCIM router's JSON body parser. `POST /Bulk` may carry `bodyLimit` (its advertised maxPayloadSize); every other
 * request `resourceBodyLimit`, so no single-resource request brings a document whose synchronous passes (dialect
 * rules, validation, PATCH, projection) hold the event loop for long. Before `JSON.parse` runs, the raw text's
 * nesting and count of arrays and objects are checked (fewer for one resource than for Bulk), so a body built to be
 * slow to parse is refused for the cost of one byte scan.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { ResolvedOptions } from '../options.js';
import { byteSize } from '../provisioning/bulk/bulk-limits.js';
import { SCIM_MEDIA_TYPE } from './send-scim.js';
import { assertRawBodyShape, MAX_BODY_DEPTH, MAX_BODY_NODES, MAX_RESOURCE_BODY_NODES } from './routes/body-depth.js';

const JSON_TYPES = [SCIM_MEDIA_TYPE, 'application/json', 'application/*+json'];

/** Express routes case-insensitively, so `/bulk` reaches the Bulk route too. */
const BULK_PATH = /^\/Bulk\/?$/i;

/**
 * Checks the raw body's shape, with at most `maxNodes` arrays and objects, before it is parsed; other encodings than
 * UTF-8 are left to the walk after parsing.
 */
function verifyShape(maxNodes: number) {
  return (_req: unknown, _res: unknown, raw: Buffer, encoding: string): void => {
    if (/^utf-?8$/i.test(encoding)) assertRawBodyShape(raw, MAX_BODY_DEPTH, maxNodes);
  };
}

/** The bytes of a request body other than Bulk's: `resourceBodyLimit`, or `bodyLimit` when that is smaller. */
export function resourceBodyBytes(options: Pick<ResolvedOptions, 'bodyLimit' | 'resourceBodyLimit'>): number {
  return Math.min(byteSize(options.resourceBodyLimit), byteSize(options.bodyLimit));
}

/** The body parser of a tenant's SCIM routes. */
export function jsonBody(options: ResolvedOptions): RequestHandler {
  const parser = (limit: number | string, maxNodes: number): RequestHandler =>
    express.json({ type: JSON_TYPES, limit, strict: false, verify: verifyShape(maxNodes) });
  const bulk = parser(options.bodyLimit, MAX_BODY_NODES);
  const resource = parser(resourceBodyBytes(options), MAX_RESOURCE_BODY_NODES);
  return (req: Request, res: Response, next: NextFunction): void => {
    const bulkRequest = req.method === 'POST' && BULK_PATH.test(req.path);
    (bulkRequest ? bulk : resource)(req, res, next);
  };
}
