/**
 * The admin UI's entry: asks for the session (sign-in page when needed), then renders the page of the current
 * hash route into `<main>`, moving focus to its heading so keyboard and screen-reader users land on the new page.
 * While a page loads, a loading indicator takes the place of its content (a directory's heading and tabs stay);
 * a failed load shows the reason and Retry.
 */
import { Api, ApiError, type Session } from './api.js';
import type { PageContext } from './context.js';
import { h, replaceChildren } from './dom.js';
import { loadFailed, loadingIndicator } from './load-state.js';
import { createNotices } from './notices.js';
import { signInPage, type SignInReason } from './pages/sign-in.js';
import { tenantContent, tenantShell, tenantTab, type TenantShell } from './pages/tenant.js';
import { tenantsPage } from './pages/tenants.js';
import { auditPage } from './pages/audit.js';
import type { Tenant } from './types.js';
import { currentRoute, link, navigate } from './route.js';

/** Set in this tab's sessionStorage while signed in, so a reload after the session ended can say why. */
const SIGNED_IN_MARK = 'scimdir-admin-signed-in';
/** A page that answers within this time replaces the previous one without a loading indicator in between. */
const LOADING_DELAY_MS = 150;

function mark(signedIn: boolean): void {
  try {
    if (signedIn) sessionStorage.setItem(SIGNED_IN_MARK, '1');
    else sessionStorage.removeItem(SIGNED_IN_MARK);
  } catch {
    // Storage may be off; the reason after a reload is then not shown, nothing else changes.
  }
}

function marked(): boolean {
  try {
    return sessionStorage.getItem(SIGNED_IN_MARK) === '1';
  } catch {
    return false;
  }
}

/** The app's state lives in this closure: one per page load. */
function createApp(): { start(): Promise<void> } {
  const api = new Api();
  const notices = createNotices(document.getElementById('notices'));
  let session: Session | undefined;
  let renderSeq = 0;
  let shell: TenantShell | undefined;

  function main(): HTMLElement {
    return document.getElementById('main') as HTMLElement;
  }

  function renderHeader(): void {
    const header = document.getElementById('account');
    if (!header) return;
    header.replaceChildren();
    if (session?.authenticated && session.canSignOut) {
      const signOut = async (): Promise<void> => {
        await api.signOut().catch(() => undefined);
        mark(false);
        session = await api.session();
        renderHeader();
        showSignIn('signed-out');
      };
      header.append(h('button', { class: 'secondary small', attrs: { type: 'button' }, on: { click: () => void signOut() } }, 'Sign out'));
    }
  }

  function showSignIn(reason?: SignInReason): void {
    renderSeq++;
    shell = undefined;
    document.title = 'Sign in · SCIM directory admin';
    replaceChildren(
      main(),
      signInPage(
        api,
        (signedIn) => {
          session = signedIn;
          mark(true);
          renderHeader();
          void render();
        },
        reason,
      ),
    );
  }

  /** The area the route's page goes into: the tenant shell's content (kept across its tabs) or all of `<main>`. */
  function slotFor(tenantId: string | undefined, tab: string): { slot: HTMLElement; fresh: boolean } {
    if (!tenantId) {
      shell = undefined;
      return { slot: main(), fresh: false };
    }
    const fresh = shell?.tenantId !== tenantId || !main().contains(shell.root);
    if (fresh || !shell) {
      shell = tenantShell(tenantId);
      replaceChildren(main(), shell.root);
    }
    shell.select(tab);
    return { slot: shell.content, fresh };
  }

  async function load(ctx: PageContext, current: TenantShell | undefined, tab: { id: string; label: string }, seq: number): Promise<Node | undefined> {
    if (!current && ctx.route.parts[0] === 'audit') {
      document.title = 'Audit trail · SCIM directory admin';
      return auditPage(ctx);
    }
    if (!current) {
      document.title = 'SCIM directories · SCIM directory admin';
      return tenantsPage(ctx);
    }
    const { tenant } = await api.get<{ tenant: Tenant }>(`api/tenants/${encodeURIComponent(current.tenantId)}`);
    if (seq !== renderSeq) return undefined;
    current.show(tenant);
    document.title = `${tab.label} · ${tenant.name} · SCIM directory admin`;
    return tenantContent(ctx, tenant, tab.id, ctx.route.parts[3]);
  }

  async function render(): Promise<void> {
    const seq = ++renderSeq;
    notices.navigated();
    if (!session?.authenticated) {
      showSignIn();
      return;
    }
    const route = currentRoute();
    const ctx: PageContext = { api, session, route, notify: notices.show, refresh: () => void render() };
    const tenantId = route.parts[0] === 't' ? route.parts[1] : undefined;
    const tab = tenantTab(route.parts[2]);
    const { slot, fresh } = slotFor(tenantId, tab.id);
    const current = shell;
    const showLoading = (): void => {
      if (seq === renderSeq) replaceChildren(slot, loadingIndicator());
    };
    if (fresh) showLoading();
    const timer = fresh ? undefined : setTimeout(showLoading, LOADING_DELAY_MS);
    let page: Node | undefined;
    try {
      page = await load(ctx, current, tab, seq);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return;
      page = loadFailed(e, () => void render(), current ? 'h2' : 'h1');
    } finally {
      clearTimeout(timer);
    }
    if (seq !== renderSeq || !page) return;
    replaceChildren(slot, page);
    // Focus the heading on navigation (a failure's own heading), but not when a panel (e.g. the token panel)
    // takes focus itself.
    const heading = slot.querySelector<HTMLElement>('.load-failed [tabindex="-1"]') ?? main().querySelector<HTMLElement>('h1');
    if (heading && !main().querySelector('.token-panel')) heading.focus({ preventScroll: false });
  }

  async function start(): Promise<void> {
    api.onUnauthenticated = () => {
      const wasSignedIn = session?.authenticated === true;
      if (session) session = { ...session, authenticated: false };
      mark(false);
      renderHeader();
      showSignIn(wasSignedIn ? 'expired' : undefined);
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
    if (!session.authenticated && marked()) {
      // Signed in earlier in this tab, and the session is gone: it expired (or the admin secret changed).
      mark(false);
      showSignIn('expired');
      return;
    }
    if (session.authenticated) mark(true);
    if (!location.hash.startsWith('#/')) navigate(link([]));
    else await render();
  }

  return { start };
}

void createApp().start();
