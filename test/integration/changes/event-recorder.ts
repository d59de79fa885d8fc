/**
 * Records the events a directory instance hears, for tests: what arrived, when, and a way to wait for one.
 */
import type { ScimDirectory } from '../../../lib/directory.js';
import type { FeedChange } from '../../../lib/changes/change-types.js';

/** An event as heard, with the time it arrived. */
export interface HeardEvent {
  readonly change: FeedChange;
  readonly at: number;
}

/** Subscribes to `*` on `directory` and keeps what it hears. */
export class EventRecorder {
  readonly heard: HeardEvent[] = [];
  private readonly off: () => void;

  constructor(directory: ScimDirectory) {
    this.off = directory.on('*', (change) => {
      this.heard.push({ change, at: performance.now() });
    });
  }

  /** Events about one resource, as `[type, resourceId]`. */
  of(resourceId: string): string[] {
    return this.heard.filter((e) => e.change.resourceId === resourceId).map((e) => e.change.type);
  }

  /** Waits until an event matches, or fails after `timeoutMs`. */
  async waitFor(match: (change: FeedChange) => boolean, timeoutMs = 10_000): Promise<HeardEvent> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.heard.find((e) => match(e.change));
      if (found) return found;
      if (performance.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; heard ${this.heard.map((e) => e.change.type).join(', ') || 'nothing'}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Stops recording. */
  stop(): void {
    this.off();
  }
}
