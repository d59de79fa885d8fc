/**
 * Short messages after an action ("Settings saved.", "Revoked token …") in the page's live region, so screen
 * readers announce them. A notice belongs to the page shown after the action: it stays through the navigation the
 * action itself makes and is gone at the next one; information also goes after a while, errors stay until then.
 */
import { h } from './dom.js';

/** How long an information notice stays when nothing else clears it. */
const INFO_LIFETIME_MS = 12_000;

/** The notices of one page load. */
export interface Notices {
  /** Shows a message, replacing the one shown before. */
  show(message: string, kind?: 'info' | 'error'): void;
  /** Called when a navigation starts: ages the notices and removes those of an earlier page. */
  navigated(): void;
}

/** Notices in `region` (an element with `role="status"`). */
export function createNotices(region: HTMLElement | null): Notices {
  const ages = new Map<HTMLElement, number>();
  const remove = (note: HTMLElement): void => {
    note.remove();
    ages.delete(note);
  };
  return {
    show(message, kind = 'info') {
      if (!region) return;
      for (const note of ages.keys()) remove(note);
      // An error is an alert, announced at once; information waits for the screen reader to finish.
      const note = h('p', { class: `notice ${kind}`, attrs: { role: kind === 'error' ? 'alert' : undefined } }, message);
      region.append(note);
      ages.set(note, 0);
      if (kind === 'info') setTimeout(() => remove(note), INFO_LIFETIME_MS);
    },
    navigated() {
      for (const [note, age] of ages) {
        if (age >= 1) remove(note);
        else ages.set(note, age + 1);
      }
    },
  };
}
