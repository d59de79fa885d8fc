/**
 * A hook on the bytes of a SCIM response body as the router sends them: every SCIM body goes out through
 * send-scim.ts or send-streamed.ts, which hand each piece to the request's {@link SentBodyRecorder}, if one was set
 * (the event log sets one). Telling the senders is cheaper than wrapping `res.write`/`res.end` on every request,
 * which cost new closures and two own properties on each response object.
 */
import type { Response } from 'express';

/** Receives the pieces of one response body in order. */
export interface SentBodyRecorder {
  add(piece: Buffer | string): void;
}

const LOCALS_KEY = 'scimSentBody';

/** Sets the recorder of `res`'s body. */
export function recordSentBody(res: Response, recorder: SentBodyRecorder): void {
  res.locals[LOCALS_KEY] = recorder;
}

/** The recorder of `res`'s body, if any. */
export function sentBodyRecorder(res: Response): SentBodyRecorder | undefined {
  return res.locals[LOCALS_KEY] as SentBodyRecorder | undefined;
}

/** Hands a piece of `res`'s body to its recorder, if any. */
export function noteSentPiece(res: Response, piece: Buffer | string): void {
  sentBodyRecorder(res)?.add(piece);
}
