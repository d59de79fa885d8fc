/**
 * Writes SCIM answers: `application/scim+json`, `Location`, `ETag`, and error bodies (RFC 7644 §3.12). Every SCIM
 * body leaves through this module or `routes/send-streamed.ts`, and both hand each piece of it to the response's
 * {@link ResponseBodyRecorder}, if one was set: that is how the event log sees what was sent without wrapping
 * `res.write` and `res.end` on every response.
 */
import type { Response } from 'express';
import { ScimError } from '../scim/errors.js';
import type { ScimResponse } from '../provisioning/scim-exchange.js';

/** The media type of every SCIM body (RFC 7644 §3.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** Receives the pieces of one response body in order. */
export interface ResponseBodyRecorder {
  add(piece: Buffer | string): void;
}

const RECORDER_KEY = 'scimBodyRecorder';

/** Sets the recorder of `res`'s body. */
export function recordResponseBody(res: Response, recorder: ResponseBodyRecorder): void {
  res.locals[RECORDER_KEY] = recorder;
}

/** The recorder of `res`'s body, if any. */
export function responseBodyRecorder(res: Response): ResponseBodyRecorder | undefined {
  return res.locals[RECORDER_KEY] as ResponseBodyRecorder | undefined;
}

/** Hands a piece of `res`'s body to its recorder, if any. */
export function noteSentPiece(res: Response, piece: Buffer | string): void {
  responseBodyRecorder(res)?.add(piece);
}

/**
 * Writes a use case's answer with `res.end`, not `res.send`: Express would add an ETag of its own, and a SCIM ETag
 * is the resource version. The status is set directly, as our use cases only produce valid codes.
 */
export function sendScimResponse(res: Response, response: ScimResponse): void {
  if (response.location) res.setHeader('Location', response.location);
  if (response.etag) res.setHeader('ETag', response.etag);
  res.statusCode = response.status;
  if (response.body === undefined) {
    res.end();
    return;
  }
  const payload = JSON.stringify(response.body);
  res.setHeader('Content-Type', `${SCIM_MEDIA_TYPE}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(payload, 'utf8'));
  noteSentPiece(res, payload);
  res.end(payload, 'utf8');
}

/** Writes a SCIM error body with its status. */
export function sendScimError(res: Response, error: ScimError): void {
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="SCIM"');
  sendScimResponse(res, { status: error.status, body: error.toBody() });
}
