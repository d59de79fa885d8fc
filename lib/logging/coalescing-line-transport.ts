/**
 * A winston transport that writes finished lines to a stream, coalescing the lines of one event-loop turn into one
 * `write`. On Linux a process manager's stdout (a pipe or a file) is written synchronously, one syscall per write, so
 * a line per request cost a syscall per request; now a turn that logs costs one.
 */
import winston from 'winston';
import type { Logform } from 'winston';
import { MESSAGE } from './json-line-format.js';

/** Options of {@link CoalescingLineTransport}. */
export interface CoalescingLineTransportOptions {
  /** Where the lines go, e.g. `process.stdout`. */
  readonly stream: NodeJS.WritableStream;
  /**
   * Formats each line this transport accepts, in place. Unlike a winston transport's `format`, it runs on the info
   * itself rather than a copy; set the logger's format to {@link passThroughFormat} so lines below the level are
   * dropped before any formatting. Without it, the info must already carry its `MESSAGE`.
   */
  readonly format?: Logform.Format;
  /** Lines buffered past this many characters are written at once rather than at the end of the turn. Default 64 Ki. */
  readonly maxBufferedChars?: number;
  /** The transport's own level; by default the logger's. */
  readonly level?: string;
  /**
   * How long lines wait to be written together, in ms: 0 (the default) writes at the end of the event-loop turn,
   * more batches the lines of several turns (a busy server logs a line every few turns; a write per turn cost it
   * more than formatting the line). The timer does not keep the process alive; exiting flushes.
   */
  readonly flushAfterMs?: number;
}

/**
 * A logger-level format that leaves the info as it is. winston formats at the logger before its transports filter
 * by level, so a logger whose formatting lives in its transport needs this one (given no format, winston uses
 * `json()`).
 */
export function passThroughFormat(): Logform.Format {
  return { transform: (info) => info };
}

/** Node sets `process._exiting` before it emits 'exit'; a flush scheduled after that would never run. */
function processIsExiting(): boolean {
  return Reflect.get(process, '_exiting') === true;
}

/**
 * Writes each info's {@link MESSAGE} plus `\n` to a stream. Lines are buffered and written together on
 * `setImmediate`, after the current turn's I/O callbacks, or `flushAfterMs` after the first of them; past
 * `maxBufferedChars`, at once. While lines are waiting,
 * an 'exit' listener writes them synchronously, so `process.exit()`, a signal handler that exits, or an uncaught
 * exception loses none; lines logged while the process exits are written at once. The listener is added per turn
 * that logs and removed at its flush, so many loggers in one process hold no listeners between turns.
 */
export class CoalescingLineTransport extends winston.transports.Stream {
  private readonly out: NodeJS.WritableStream;
  private readonly lineFormat: Logform.Format | undefined;
  private readonly maxBufferedChars: number;
  private readonly flushAfterMs: number;
  private pending = '';
  private scheduled = false;
  private exiting = false;

  /** Creates a transport writing to `options.stream`. */
  constructor(options: CoalescingLineTransportOptions) {
    super({ stream: options.stream, eol: '\n', ...(options.level === undefined ? {} : { level: options.level }) });
    this.out = options.stream;
    this.lineFormat = options.format;
    this.maxBufferedChars = options.maxBufferedChars ?? 64 * 1024;
    this.flushAfterMs = Math.max(0, options.flushAfterMs ?? 0);
  }

  /** Formats and buffers one line; winston calls this for every info that passed the level filter. */
  override log(info: Logform.TransformableInfo, next: () => void): void {
    const line = this.lineFormat ? this.lineFormat.transform(info, this.lineFormat.options) : info;
    if (typeof line !== 'object') {
      next();
      return;
    }
    this.pending += `${String(line[MESSAGE])}\n`;
    if (this.exiting || this.pending.length >= this.maxBufferedChars) {
      this.flush();
    } else if (!this.scheduled) {
      if (processIsExiting()) {
        this.exiting = true;
        this.flush();
      } else {
        this.scheduled = true;
        if (this.flushAfterMs > 0) setTimeout(this.endOfTurn, this.flushAfterMs).unref();
        else setImmediate(this.endOfTurn);
        process.on('exit', this.onExit);
      }
    }
    // winston's own transports emit 'logged' from a timer per line, a measurable part of their cost; here it is
    // emitted only when someone listens.
    if (this.listenerCount('logged') > 0) this.emit('logged', line);
    next();
  }

  /** Writes the buffered lines now, in one write. */
  flush(): void {
    if (this.pending === '') return;
    const chunk = this.pending;
    this.pending = '';
    this.out.write(chunk);
  }

  /** Writes what is buffered; winston calls this when the transport is removed or the logger closes. */
  override close(): void {
    this.flush();
  }

  private readonly endOfTurn = (): void => {
    this.scheduled = false;
    process.removeListener('exit', this.onExit);
    this.flush();
  };

  private readonly onExit = (): void => {
    this.exiting = true;
    this.flush();
  };
}
