/**
 * Sends a change to a directory's extension schemas, and when the admin API answers that it needs confirmation —
 * resources hold values the change would drop or reinterpret — asks in the page with the number the API gave (focus
 * on Cancel), then sends it again confirmed.
 */
import { ApiError } from './api.js';
import { confirmInPlace } from './confirm.js';
import { count } from './format.js';

/** What a schema change is. */
export interface SchemaChange {
  /** "Remove attribute costCenter", "Save the schema": the confirming button's label. */
  readonly confirmLabel: string;
  /** What the change does to held values, for the confirmation's text. */
  readonly consequence: string;
  /** `User` or `Group`: what holds the values. */
  readonly resourceType: 'User' | 'Group';
  /** Sends the change; `force` confirms dropping values. */
  send(force: boolean): Promise<void>;
  /** After it went through. */
  done(): void;
}

/**
 * Runs `change`; a `confirmation_required` answer opens a confirmation panel in `host` with the count. Other errors
 * are thrown to the caller.
 */
export async function applySchemaChange(host: HTMLElement, change: SchemaChange): Promise<void> {
  try {
    await change.send(false);
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'confirmation_required')) throw error;
    const holding = error.count ?? 0;
    const noun = change.resourceType === 'User' ? (holding === 1 ? 'user holds' : 'users hold') : holding === 1 ? 'group holds' : 'groups hold';
    confirmInPlace(host, {
      title: `${count(holding)} ${noun} values this change affects`,
      explanation: `${change.consequence} The directory then stops treating the values they hold as this definition says: it no longer validates, filters or sorts by them. Remove the attribute from the identity provider's mapping too, or it keeps sending it.`,
      confirmLabel: change.confirmLabel,
      action: async () => {
        await change.send(true);
        change.done();
      },
    });
    return;
  }
  change.done();
}
