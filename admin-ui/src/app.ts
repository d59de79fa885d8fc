/**
 * The admin UI's entry: asks for the session (sign-in page when needed), then renders the page of the current
 * hash route into `<main>`, moving focus to its heading so keyboard and screen-reader users land on the new page.
 */
import { Api, ApiError, type Session } from './api.js';
import type { PageContext } from './context.js';
import { h, replaceChildren } from './dom.js';
import { signInPage } from './pages/sign-in.js';
import { tenantPage } from './pages/tenant.js';
import { tenantsPage } from './pages/tenants.js';
import { currentRoute, link, navigate } from './route.js';

/** The app's state lives in this closure: one per page load. */
function createApp(): { start(): Promise<void> } {
  const api = new Api();
  let session: Session | undefined;
  let renderSeq = 0;

  function main(): HTMLElement {
    return document.getElementById('main') as HTMLElement;
  }

  function notify(message: string, kind: 'info' | 'error' = 'info'): void {
    const region = document.getElementById('notices');
    if (!region) return;
    const note = h('p', { class: `notice ${kind}` }, message);
    region.replaceChildren(note);
    setTimeout(() => note.remove(), 8000);
  }

  function renderHeader(): void {
    const header = document.getElementById('account');
    if (!header) return;
    header.replaceChildren();
    if (session?.authenticated && session.canSignOut) {
      header.append(
        h(
          'button',
          {
            class: 'secondary small',
            attrs: { type: 'button' },
            on: {
              click: async () => {
                await api.signOut().catch(() => undefined);
                session = await api.session();
                renderHeader();
                showSignIn();
              },
            },
          },
          'Sign out',
        ),
      );
    }
  }

  function showSignIn(): void {
    document.title = 'Sign in · SCIM directory admin';
    replaceChildren(
      main(),
      signInPage(api, (signedIn) => {
        session = signedIn;
        renderHeader();
        void render();
      }),
    );
  }

  async function render(): Promise<void> {
    const seq = ++renderSeq;
    if (!session?.authenticated) {
      showSignIn();
      return;
    }
    const route = currentRoute();
    const ctx: PageContext = { api, session, route, notify, refresh: () => void render() };
    main().setAttribute('aria-busy', 'true');
    let page: Node;
    try {
      if (route.parts[0] === 't' && route.parts[1]) {
        page = await tenantPage(ctx, route.parts[1], route.parts[2] ?? 'overview', route.parts[3]);
      } else {
        document.title = 'SCIM directories · SCIM directory admin';
        page = await tenantsPage(ctx);
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      page = h(
        'div',
        { class: 'card' },
        h('h1', { attrs: { tabindex: -1 } }, e instanceof ApiError && e.status === 404 ? 'Not found' : 'Something went wrong'),
        h('p', { attrs: { role: 'alert' } }, e instanceof Error ? e.message : String(e)),
        h('p', null, h('a', { attrs: { href: link([]) } }, 'Back to all directories')),
      );
    }
    if (seq !== renderSeq) return;
    main().removeAttribute('aria-busy');
    replaceChildren(main(), page);
    const heading = main().querySelector<HTMLElement>('h1');
    // Focus the heading on navigation, but not when a panel (e.g. the token panel) takes focus itself.
    if (heading && !main().querySelector('.token-panel')) heading.focus({ preventScroll: false });
  }

  async function start(): Promise<void> {
    api.onUnauthenticated = () => {
      if (session) session = { ...session, authenticated: false };
      renderHeader();
      showSignIn();
    };
    document.getElementById('skip-link')?.addEventListener('click', (event) => {
      event.preventDefault();
      main().focus();
    });
    try {
      session = await api.session();
    } catch (e) {
      replaceChildren(main(), h('p', { attrs: { role: 'alert' } }, `The admin API does not answer: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    renderHeader();
    window.addEventListener('hashchange', () => void render());
    if (!location.hash.startsWith('#/')) navigate(link([]));
    else await render();
  }

  return { start };
}

void createApp().start();
