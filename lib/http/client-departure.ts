/**
 * The {@link ClientDeparture} of an Express response: the client has gone when the response closed (its connection
 * ended) before it was finished. Listening costs nothing until a use case asks, so lookups and writes, which never
 * ask, pay only for this small object.
 */
import type { Response } from 'express';
import type { ClientDeparture } from '../store/cancellable-search.js';

/** Tells a use case whether, and when, the client of `res` has gone. */
export function clientDeparture(res: Response): ClientDeparture {
  return {
    get gone() {
      return res.closed && !res.writableFinished;
    },
    whenGone(listener) {
      const onClose = (): void => {
        if (!res.writableFinished) listener();
      };
      res.once('close', onClose);
      return () => {
        res.off('close', onClose);
      };
    },
  };
}
