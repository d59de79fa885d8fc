/**
 * The first bytes of one response body as the SCIM senders hand them over (see `lib/http/send-scim.ts`), and its
 * total size, for the event log. Pieces are kept as they come, strings included: copying each into a Buffer on the
 * request path cost a UTF-8 encode of every body, most of which the writer never stores.
 */

/**
 * Keeps the pieces of one response body up to 4 × its character cap in bytes (4 bytes a character at worst, so
 * they always hold `cap` characters) and counts the rest.
 */
export class CapturedBody {
  /** The kept pieces, in order. */
  readonly chunks: (Buffer | string)[] = [];
  /** UTF-8 bytes of the kept pieces. */
  kept = 0;
  /** UTF-8 bytes of the whole body. */
  total = 0;

  /** `cap`: the most characters the stored body may have. */
  constructor(readonly cap: number) {}

  /** Takes the next piece of the body. */
  add(piece: Buffer | string): void {
    const size = typeof piece === 'string' ? Buffer.byteLength(piece, 'utf8') : piece.length;
    this.total += size;
    const room = this.cap * 4 - this.kept;
    // Past the cap a piece is only counted: a streamed 100 000-member group is not copied into buffers to be dropped.
    if (size === 0 || room <= 0) return;
    if (size <= room) {
      this.chunks.push(piece);
      this.kept += size;
      return;
    }
    // The part that fits, copied: a slice or subarray would keep the whole piece alive until the flush. `room + 1`
    // characters encode to more than `room` bytes and end on a whole character, so the first `room` bytes are exact.
    const head = typeof piece === 'string' ? Buffer.from(piece.slice(0, room + 1), 'utf8') : piece;
    this.chunks.push(Buffer.from(head.subarray(0, room)));
    this.kept += room;
  }
}
