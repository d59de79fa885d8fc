/**
 * The subscribers of one directory instance: `on(type, handler)`, `off`, and delivery in feed order. A handler
 * that throws or rejects is logged and does not stop the others.
 */
import type { ScimLogger } from '../logger.js';
import { isChangeType, type FeedChange, type ScimEventHandler, type ScimEventName } from './change-types.js';

/** The handlers of one directory instance. */
export class ChangeEvents {
  private readonly handlers = new Map<ScimEventName, Set<ScimEventHandler>>();

  constructor(private readonly logger: ScimLogger) {}

  /** Adds a handler; returns a function that removes it again. Throws a `TypeError` for an unknown event name. */
  on<K extends ScimEventName>(name: K, handler: ScimEventHandler<K>): () => void {
    if (name !== '*' && !isChangeType(name)) throw new TypeError(`scim-directory: no event named ${JSON.stringify(name)}.`);
    if (typeof handler !== 'function') throw new TypeError(`scim-directory: the handler of "${name}" must be a function.`);
    const set = this.handlers.get(name) ?? new Set<ScimEventHandler>();
    set.add(handler as ScimEventHandler);
    this.handlers.set(name, set);
    return () => this.off(name, handler);
  }

  /** Removes a handler added with {@link on}. */
  off<K extends ScimEventName>(name: K, handler: ScimEventHandler<K>): void {
    const set = this.handlers.get(name);
    set?.delete(handler as ScimEventHandler);
    if (set?.size === 0) this.handlers.delete(name);
  }

  /** True while any handler is subscribed. */
  get active(): boolean {
    return this.handlers.size > 0;
  }

  /** Hands each change to the handlers of its type, then to the `*` handlers, change by change. */
  emit(changes: readonly FeedChange[]): void {
    for (const change of changes) {
      for (const name of [change.type, '*'] as const) {
        for (const handler of this.handlers.get(name) ?? []) this.call(handler, change);
      }
    }
  }

  private call(handler: ScimEventHandler, change: FeedChange): void {
    const fail = (error: unknown): void =>
      this.logger.error('a change event handler failed', { type: change.type, tenantId: change.tenantId, seq: change.seq, error: String(error) });
    try {
      const result = handler(change);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  }
}
