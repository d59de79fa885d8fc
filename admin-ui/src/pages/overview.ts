/**
 * A directory's overview: status (counts, last request, recent errors), setup guides filled in with this
 * directory's URL, token endpoint and credentials, and how to check the connection with curl for the sign-in method
 * chosen there, with what each answer means.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { count, dateTime, relative } from '../format.js';
import { link } from '../route.js';
import { connectionCheck } from '../connection-check.js';
import { setupGuide } from '../setup-guide-view.js';
import type { OAuthClient, Status, Tenant, Trust } from '../types.js';
import { copyField, emptyState, statusBadge } from '../widgets.js';
import { healthSection } from '../health.js';

function stat(label: string, value: string, detail?: Node | string): HTMLElement {
  return h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value), detail ? h('span', { class: 'stat-detail' }, detail) : null);
}

/** Renders the overview. */
export async function overviewPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const [status, health, oauth, federation] = await Promise.all([
    ctx.api.get<Status>(`api/tenants/${tenant.id}/status`),
    healthSection(ctx, tenant.id),
    ctx.api.get<{ clients: OAuthClient[]; tokenEndpoint: string }>(`api/tenants/${tenant.id}/oauth-clients`),
    ctx.api.get<{ trusts: Trust[] }>(`api/tenants/${tenant.id}/trusts`),
  ]);
  const check = connectionCheck();
  const guide = setupGuide({ scimUrl: status.scimUrl, tokenEndpoint: oauth.tokenEndpoint }, { clients: oauth.clients, trusts: federation.trusts }, check.show);
  const last = status.lastRequest;
  const base = ['t', tenant.id];
  return h(
    'div',
    null,
    !status.enabled ? h('p', { class: 'warning', attrs: { role: 'status' } }, 'This directory is disabled: every SCIM request gets 401. Enable it under Settings.') : null,
    copyField('SCIM URL', status.scimUrl, { id: 'scim-url' }),
    h(
      'div',
      { class: 'stats' },
      stat('Users', count(status.users), `${count(status.activeUsers)} active`),
      stat('Groups', count(status.groups)),
      stat('Active tokens', count(status.activeCredentials)),
      stat('Requests, last 24 h', count(status.requestsLast24h)),
      stat(
        'Errors, last 24 h',
        count(status.errorsLast24h),
        status.errorsLast24h > 0 ? h('a', { attrs: { href: link([...base, 'events'], { status: 'error' }) } }, 'Show errors') : undefined,
      ),
    ),
    health,
    last
      ? h(
          'section',
          { class: 'card', attrs: { 'aria-labelledby': 'last-title' } },
          h('h2', { attrs: { id: 'last-title' } }, 'Last request'),
          h(
            'p',
            null,
            `${last.method} ${last.path} `,
            statusBadge(last.status),
            ` — ${relative(last.at)} (${dateTime(last.at)}) from `,
            h('strong', null, last.provider ?? last.userAgent ?? 'an unknown client'),
            '.',
          ),
        )
      : emptyState(
          'No requests yet.',
          h(
            'p',
            null,
            'Nothing has reached this directory. In the identity provider: check the SCIM URL and token, that users or groups are assigned to the application, and that provisioning is switched on; then read its provisioning log. The connection check below tells where a request stops.',
          ),
        ),
    guide,
    check.card,
  );
}
