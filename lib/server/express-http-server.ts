/**
 * An HTTP server for an Express app whose requests and responses are born with the app's prototypes.
 *
 * Express's `app.handle` gives every request and response the app's prototypes (`app.request`, `app.response`) with
 * `Object.setPrototypeOf`. On Node's `IncomingMessage` and `ServerResponse` that swap is costly in V8: it changes the
 * objects' maps after construction, and what hangs off them then outlives young-generation collections. Measured on
 * the 2-core benchmark machine with a one-route Express 5 app at concurrency 16: ~7.7 KB promoted to the old
 * generation per request and 7 500 req/s with `app.listen`; 0.1 KB and 13 600 req/s when the server constructs the
 * objects with those prototypes already, because `setPrototypeOf` to the prototype an object has is a no-op.
 *
 * Node lets a server choose the classes it constructs (`http.createServer({ IncomingMessage, ServerResponse })`);
 * the constructors here make objects with the app's prototypes and run Node's constructors on them. Nothing
 * else changes: Express still runs `app.handle` with the same objects, prototypes and properties. A request that
 * enters a mounted sub-app still has its prototypes swapped there, as before.
 */
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/** The Express app's prototypes; Express 5 defines them on every app. */
interface AppPrototypes {
  readonly request: object;
  readonly response: object;
}

/** True when `fn` can be called on an object it did not create, as Node's ES5-style http constructors can. */
function isPlainFunction(fn: unknown): fn is (this: unknown, ...args: unknown[]) => void {
  return typeof fn === 'function' && !Function.prototype.toString.call(fn).startsWith('class');
}

/**
 * A constructor of objects with `prototype` that runs Node's constructor `base` on them. It calls `base` on the new
 * object rather than through `Reflect.construct(base, args, newTarget)`: measured, objects made that way were slower
 * than plain ones and were still promoted (1.9 KB per request), while calling the function kept the gain.
 */
function constructorWithPrototype(base: (this: unknown, ...args: unknown[]) => void, prototype: object): unknown {
  const construct = function (this: unknown, ...args: unknown[]): void {
    base.apply(this, args);
  };
  construct.prototype = prototype;
  return construct;
}

/**
 * `http.createServer(app)`, with requests and responses constructed with the app's prototypes (see the module
 * comment). Listen on it as on the server `app.listen` returns.
 */
export function createExpressHttpServer(app: Express): Server {
  const { request, response } = app as unknown as AppPrototypes;
  // Should Node ever make these classes, which cannot be called on another object, serve as `app.listen` does.
  if (!isPlainFunction(IncomingMessage) || !isPlainFunction(ServerResponse)) return createServer(app);
  return createServer(
    {
      IncomingMessage: constructorWithPrototype(IncomingMessage, request) as typeof IncomingMessage,
      ServerResponse: constructorWithPrototype(ServerResponse, response) as typeof ServerResponse,
    },
    app,
  );
}
