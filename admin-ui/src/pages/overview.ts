/**
 * A directory's overview: status (counts, last request, recent errors), how to check the connection with curl
 * and what each answer means, and setup guides filled in with this directory's URL.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { count, dateTime, relative } from '../format.js';
import { link } from '../route.js';
import { SETUP_GUIDES } from '../setup-guides.js';
import type { Status, Tenant } from '../types.js';
import { copyField, emptyState, statusBadge } from '../widgets.js';
import { healthSection } from '../health.js';

function stat(label: string, value: string, detail?: Node | string): HTMLElement {
  return h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value), detail ? h('span', { class: 'stat-detail' }, detail) : null);
}

function connectionCheck(scimUrl: string): HTMLElement {
  const curl = `curl -i -H "Authorization: Bearer YOUR_TOKEN" "${scimUrl}/Users?count=1"`;
  const curlNoToken = `curl -i "${scimUrl}/Users?count=1"`;
  const tokenCurl = `curl -i -u "CLIENT_ID:CLIENT_SECRET" -d grant_type=client_credentials "${scimUrl.replace(/\/v2$/, '')}/oauth/token"`;
  return h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'check-title' } },
    h('h2', { attrs: { id: 'check-title' } }, 'Check the connection'),
    h('p', null, 'Run this from a machine on the identity provider’s side of the network (replace YOUR_TOKEN with the token):'),
    copyField('Command', curl, { id: 'curl-command', multiline: true }),
    h('p', null, 'Or without a token, to see whether the endpoint is reachable at all:'),
    copyField('Command without token', curlNoToken, { id: 'curl-command-no-token', multiline: true }),
    h('p', null, 'With an OAuth client (Tokens page), get an access token first and use it as YOUR_TOKEN above:'),
    copyField('Token request', tokenCurl, { id: 'curl-token-command', multiline: true }),
    h(
      'dl',
      { class: 'answers' },
      h('dt', null, '200 with JSON containing "ListResponse"'),
      h('dd', null, 'URL and token work. If the identity provider still fails, read its request in the event log.'),
      h('dt', null, '401 with a JSON body containing "urn:ietf:params:scim:api:messages:2.0:Error"'),
      h('dd', null, 'The endpoint is reachable; the token is wrong, revoked or expired, or this directory is disabled. Issue a new token if in doubt.'),
      h('dt', null, 'An HTML page, a redirect to a sign-in page, or 502/503/504'),
      h('dd', null, 'Something between the identity provider and this server answered — a reverse proxy, firewall or SSO gateway. Let /scim/ through to this server unauthenticated; the bearer token protects it.'),
      h('dt', null, '404 with a SCIM error'),
      h('dd', null, 'The server is reached but the path is wrong: the URL must end in /v2, with this directory’s id.'),
      h('dt', null, 'No answer, connection refused or a certificate error'),
      h('dd', null, 'DNS, network or TLS: check the host name, the port and that the certificate is valid for it.'),
    ),
  );
}

function guides(scimUrl: string): HTMLElement {
  const select = h('select', { attrs: { id: 'guide-select' } }, SETUP_GUIDES.map((g) => h('option', { attrs: { value: g.id } }, g.name)));
  const body = h('div', { attrs: { 'aria-live': 'polite' } });
  const show = (): void => {
    const guide = SETUP_GUIDES.find((g) => g.id === select.value) ?? SETUP_GUIDES[0];
    if (!guide) return;
    body.replaceChildren(h('h3', null, guide.name), h('ol', { class: 'steps' }, guide.steps(scimUrl)));
    if (guide.notes) body.append(h('div', { class: 'hint' }, guide.notes(scimUrl)));
  };
  select.addEventListener('change', show);
  show();
  return h(
    'section',
    { class: 'card', attrs: { 'aria-labelledby': 'guides-title' } },
    h('h2', { attrs: { id: 'guides-title' } }, 'Set up your identity provider'),
    h('div', { class: 'field' }, h('label', { attrs: { for: 'guide-select' } }, 'Identity provider'), select),
    body,
  );
}

/** Renders the overview. */
export async function overviewPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const [status, health] = await Promise.all([ctx.api.get<Status>(`api/tenants/${tenant.id}/status`), healthSection(ctx, tenant.id)]);
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
    connectionCheck(status.scimUrl),
    guides(status.scimUrl),
  );
}
