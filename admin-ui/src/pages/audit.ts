/**
 * The audit trail of administration: who created, renamed, disabled or deleted a directory, issued, rotated or
 * revoked a token or an OAuth client, created or revoked a federation trust, changed settings, removed a user or
 * group, mapped a group to a role or declared a role — newest first, paged, for one directory or all
 * (`#/audit?tenant=<id>`; a deleted directory's trail stays readable).
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { link, navigate } from '../route.js';
import type { AuditEntry, Page, Tenant } from '../types.js';
import { emptyState, field, pager, table } from '../widgets.js';

const PAGE_SIZE = 50;

const ACTIONS: Record<string, string> = {
  'tenant.created': 'Directory created',
  'tenant.renamed': 'Directory renamed',
  'tenant.enabled': 'Directory enabled',
  'tenant.disabled': 'Directory disabled',
  'tenant.deleted': 'Directory deleted',
  'settings.changed': 'Settings changed',
  'credential.issued': 'Token issued',
  'credential.rotated': 'Token rotated',
  'credential.revoked': 'Token revoked',
  'oauth_client.created': 'OAuth client created',
  'oauth_client.rotated': 'OAuth client secret rotated',
  'oauth_client.revoked': 'OAuth client revoked',
  'trust.created': 'Federation trust created',
  'trust.revoked': 'Federation trust revoked',
  'user.removed': 'User removed',
  'group.removed': 'Group removed',
  'webhook.created': 'Webhook endpoint created',
  'webhook.updated': 'Webhook endpoint changed',
  'webhook.deleted': 'Webhook endpoint deleted',
  'webhook.redelivered': 'Webhook delivery resent',
  'guard.approved': 'Held changes approved',
  'guard.discarded': 'Held changes discarded',
  'role_mapping.added': 'Group mapped to a role',
  'role_mapping.removed': 'Group role mapping removed',
  'declared_value.added': 'Role or entitlement declared',
  'declared_value.changed': 'Declared role or entitlement changed',
  'declared_value.removed': 'Declared role or entitlement removed',
};

const TARGETS: Record<string, string> = { credential: 'token', oauth_client: 'OAuth client', trust: 'trust', webhook: 'webhook endpoint' };

const SOURCES: Record<string, string> = { ui: 'Admin UI', api: 'Admin API', cli: 'CLI', host: 'Host application' };

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The entry's details as lines: changed values as `key: old → new`, other facts as `key: value`. */
export function detailLines(details: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const changes = (details.changes ?? {}) as Record<string, unknown>;
  const rest = Object.entries(details).filter(([key]) => key !== 'changes');
  for (const [key, value] of [...Object.entries(changes), ...rest]) {
    if (value === null || value === undefined) continue;
    const change = typeof value === 'object' && 'from' in value && 'to' in value ? (value as { from: unknown; to: unknown }) : undefined;
    lines.push(change ? `${key}: ${shown(change.from)} → ${shown(change.to)}` : `${key}: ${shown(value)}`);
  }
  return lines;
}

function target(entry: AuditEntry): Node | string {
  if (!entry.target) return '—';
  const { type, id, name } = entry.target;
  return h('span', null, `${TARGETS[type] ?? type} `, name ? h('span', null, name) : null, h('br'), h('span', { class: 'mono hint' }, id));
}

/** Renders the audit trail. */
export async function auditPage(ctx: PageContext): Promise<Node> {
  const q = ctx.route.query;
  const tenantId = q.get('tenant') ?? '';
  const startIndex = Math.max(1, Number(q.get('start') ?? '1') || 1);
  const [{ tenants }, page] = await Promise.all([
    ctx.api.get<{ tenants: Tenant[] }>('api/tenants'),
    ctx.api.get<Page<AuditEntry>>('api/audit', { tenantId, startIndex, count: PAGE_SIZE }),
  ]);
  const options: [string, string][] = [['', 'All directories'], ...tenants.map((t): [string, string] => [t.id, `${t.name} (${t.id})`])];
  // A deleted directory is no longer listed, but its trail is: keep it choosable while it is shown.
  if (tenantId && !tenants.some((t) => t.id === tenantId)) options.push([tenantId, `${page.items[0]?.tenantName ?? tenantId} (deleted)`]);
  const select = h('select', { attrs: { name: 'tenant' } }, options.map(([value, label]) => h('option', { attrs: { value, selected: value === tenantId } }, label)));
  const form = h(
    'form',
    {
      class: 'toolbar',
      on: {
        submit: (event) => {
          event.preventDefault();
          navigate(link(['audit'], { tenant: select.value }));
        },
      },
    },
    field('Directory', select),
    h('button', { attrs: { type: 'submit' } }, 'Show'),
  );
  let body: Node;
  if (page.totalResults === 0) {
    body = emptyState(tenantId ? 'Nothing recorded for this directory yet.' : 'No administrative actions recorded yet.');
  } else {
    const rows = page.items.map((e) =>
      h(
        'tr',
        null,
        h('td', { class: 'nowrap' }, dateTime(e.at)),
        h('td', null, e.actor ?? h('span', { class: 'hint' }, 'not named')),
        h('td', null, ACTIONS[e.action] ?? e.action),
        h('td', null, h('a', { attrs: { href: link(['audit'], { tenant: e.tenantId }) } }, e.tenantName ?? e.tenantId), h('br'), h('span', { class: 'mono hint' }, e.tenantId)),
        h('td', null, target(e)),
        h('td', null, detailLines(e.details).map((line) => h('div', null, line))),
        h('td', null, SOURCES[e.source] ?? e.source),
      ),
    );
    body = h(
      'div',
      null,
      table('Audit trail', ['When', 'Who', 'Action', 'Directory', 'Target', 'Details', 'From'], rows, { hideCaption: true }),
      pager(startIndex, PAGE_SIZE, page.totalResults, page.itemsPerPage, (start) => navigate(link(['audit'], { tenant: tenantId, start }))),
    );
  }
  return h(
    'div',
    null,
    h('p', { class: 'crumbs' }, h('a', { attrs: { href: link([]) } }, 'All directories')),
    h('h1', { attrs: { tabindex: -1 } }, 'Audit trail'),
    h('p', null, 'Who changed directories, tokens and settings or removed users and groups, from the admin UI, the admin API, the CLI or the host application. Newest first.'),
    form,
    body,
  );
}
