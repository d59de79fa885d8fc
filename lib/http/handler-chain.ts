/**
 * Runs Express-style handlers one after another, as a router runs a route's stack: each gets `next`, a handler
 * that throws, rejects or calls `next(error)` ends the chain with that error, and one that neither calls `next` nor
 * fails has answered. The SCIM router runs its whole pipeline this way (scim-router.ts) instead of through nested
 * Express routers, whose per-layer path matching and parameter merging cost more CPU per request than the SCIM
 * work of a simple lookup.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Called once when the chain ends: with the error that ended it, or with nothing when every handler said `next()`. */
export type ChainEnd = (error?: unknown) => void;

/** Runs `handlers` in order on `req`/`res`; `end` is called at most once (see the module comment). */
export function runHandlerChain(handlers: readonly RequestHandler[], req: Request, res: Response, end: ChainEnd): void {
  let index = 0;
  let ended = false;
  const finish = (error?: unknown): void => {
    if (ended) return;
    ended = true;
    end(error);
  };
  const next: NextFunction = (error?: unknown) => {
    // Express's `next('route')` and `next('router')` skip ahead; nothing in the SCIM pipeline uses them, and for a
    // handler written for Express both mean "not mine", so the chain ends as unanswered.
    if (error === 'route' || error === 'router') return finish();
    if (error !== undefined && error !== null) return finish(error);
    const handler = handlers[index++];
    if (handler === undefined) return finish();
    try {
      const result: unknown = handler(req, res, next);
      if (result instanceof Promise) result.then(undefined, (rejection: unknown) => finish(rejection ?? new Error('handler rejected')));
    } catch (thrown) {
      finish(thrown);
    }
  };
  next();
}
