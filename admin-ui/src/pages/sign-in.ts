/**
 * The standalone server's sign-in page: the admin secret, printed once at first start or set as ADMIN_TOKEN.
 */
import type { Api, Session } from '../api.js';
import { h } from '../dom.js';
import { errorText, field } from '../widgets.js';

/** The sign-in form; `signedIn` runs with the new session. */
export function signInPage(api: Api, signedIn: (session: Session) => void): HTMLElement {
  const secret = h('input', { attrs: { type: 'password', name: 'secret', autocomplete: 'current-password', required: true } });
  const error = errorText();
  const submit = h('button', { attrs: { type: 'submit' } }, 'Sign in');
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
    h('p', null, 'Enter the admin secret. It was printed once when the server first started, or it is the ADMIN_TOKEN the server runs with.'),
    field('Admin secret', secret),
    error,
    submit,
  );
  queueMicrotask(() => secret.focus());
  return form;
}
