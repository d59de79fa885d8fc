import { describe, it, expect } from 'vitest';
import type { Request, RequestHandler, Response } from 'express';
import { runHandlerChain } from '../../../lib/http/handler-chain.js';

const req = {} as Request;
const res = {} as Response;

/** Runs the chain and collects how it ended (`done` for no error) once the handlers' promises have settled. */
function run(handlers: RequestHandler[]): Promise<{ ended: unknown[] }> {
  return new Promise((resolve) => {
    const ended: unknown[] = [];
    runHandlerChain(handlers, req, res, (error) => ended.push(error ?? 'done'));
    setTimeout(() => resolve({ ended }), 20);
  });
}

describe('runHandlerChain', () => {
  it('runs handlers in order while each calls next, then ends without an error', async () => {
    const calls: string[] = [];
    const step = (name: string): RequestHandler => (_q, _s, next) => {
      calls.push(name);
      next();
    };
    const { ended } = await run([step('a'), step('b')]);
    expect(calls).toEqual(['a', 'b']);
    expect(ended).toEqual(['done']);
  });

  it('stops at a handler that answers (does not call next)', async () => {
    const calls: string[] = [];
    const { ended } = await run([() => void calls.push('answer'), () => void calls.push('never')]);
    expect(calls).toEqual(['answer']);
    expect(ended).toEqual([]);
  });

  it('ends with the error of a throw, a rejection or next(error), once', async () => {
    const boom = new Error('boom');
    expect((await run([() => { throw boom; }])).ended).toEqual([boom]);
    expect((await run([async () => { throw boom; }])).ended).toEqual([boom]);
    expect((await run([(_q, _s, next) => { next(boom); next(boom); }])).ended).toEqual([boom]);
    expect((await run([async (_q, _s, next) => { await Promise.resolve(); next(); }, () => { throw boom; }])).ended).toEqual([boom]);
  });
});
