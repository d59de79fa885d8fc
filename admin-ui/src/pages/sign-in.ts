/**
 * The standalone server's sign-in page: the admin secret, printed once at first start or set as ADMIN_TOKEN. When
 * the administrator is here because a session ended, the page says so, next to the field that gets the focus.
 */
import type { Api, Session } from '../api.js';
import { h } from '../dom.js';
import { errorText, field } from '../widgets.js';

/** Why the sign-in page is shown: the session expired, or the administrator signed out. */
export type SignInReason = 'expired' | 'signed-out';

const REASONS: Record<SignInReason, string> = {
  expired: 'Your session has expired. Sign in again to continue where you were.',
  'signed-out': 'You have signed out.',
};

/** The sign-in form; `signedIn` runs with the new session. */
export function signInPage(api: Api, signedIn: (session: Session) => void, reason?: SignInReason): HTMLElement {
  const secret = h('input', { attrs: { type: 'password', name: 'secret', autocomplete: 'current-password', required: true } });
  const error = errorText();
  const submit = h('button', { attrs: { type: 'submit' } }, 'Sign in');
  const note = reason ? h('p', { class: 'warning sign-in-reason', attrs: { id: 'sign-in-reason', role: 'status' } }, REASONS[reason]) : null;
  const form = h(
    'form',
    {
      class: 'card narrow',
      on: {
        submit: async (event) => {
          event.preventDefault();
          submit.disabled = true;
          error.textContent = '';
          try {
            signedIn(await api.signIn(secret.value));
          } catch (e) {
            error.textContent = e instanceof Error ? e.message : String(e);
            secret.select();
          } finally {
            submit.disabled = false;
          }
        },
      },
    },
    h('h1', { attrs: { tabindex: -1 } }, 'Sign in'),
    note,
    h('p', null, 'Enter the admin secret. It was printed once when the server first started, or it is the ADMIN_TOKEN the server runs with.'),
    field('Admin secret', secret),
    error,
    submit,
  );
  // Read with the field when focus lands on it, since the page appears all at once.
  if (note) secret.setAttribute('aria-describedby', note.id);
  queueMicrotask(() => secret.focus());
  return form;
}
