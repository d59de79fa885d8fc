/**
 * Writes a streamed SCIM body ({@link ScimResponse.stream}): headers first, then each piece as it is produced,
 * pulling the next piece only once the socket has taken the last (`res.write` returning false waits for `drain`),
 * so a slow client slows the database reads behind the body instead of letting them pile up in memory. The body
 * goes out chunked (no Content-Length: its length is not known up front).
 */
import { once } from 'node:events';
import type { Response } from 'express';
import type { ScimLogger } from '../../logger.js';
import type { ScimResponse } from '../../provisioning/scim-exchange.js';
import { noteSentPiece, SCIM_MEDIA_TYPE } from '../send-scim.js';

/** Waits until the socket can take more, or the client has gone (true: stop writing). */
async function waitForDrain(res: Response): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return true;
  const controller = new AbortController();
  try {
    const closed = once(res, 'close', { signal: controller.signal }).then(() => true);
    const drained = once(res, 'drain', { signal: controller.signal }).then(() => false);
    return await Promise.race([closed, drained]);
  } finally {
    controller.abort();
  }
}

/**
 * Writes `response` whose body is `stream`. A failure after the headers are out cannot become an error response
 * any more: it is logged and the connection is cut, so the client sees a truncated body, never a complete-looking
 * wrong one.
 */
export async function sendStreamedScimResponse(
  res: Response,
  response: ScimResponse & { readonly stream: AsyncIterable<string> },
  logger: ScimLogger,
): Promise<void> {
  if (response.location) res.setHeader('Location', response.location);
  if (response.etag) res.setHeader('ETag', response.etag);
  res.status(response.status);
  res.setHeader('Content-Type', `${SCIM_MEDIA_TYPE}; charset=utf-8`);
  const iterator = response.stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (res.destroyed) return;
      if (next.value === '') continue;
      noteSentPiece(res, next.value);
      if (!res.write(next.value, 'utf8') && (await waitForDrain(res))) return;
    }
    res.end();
  } catch (error) {
    logger.error('streaming a SCIM response failed after its headers were sent', {
      requestId: String(res.getHeader('X-Request-Id') ?? ''),
      error: error instanceof Error ? { message: error.message, stack: error.stack } : String(error),
    });
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  } finally {
    // Stops the producer (and its database reads) when the client went away early.
    await iterator.return?.();
  }
}
