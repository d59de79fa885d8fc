/**
 * One user: the key attributes, its profile and extension attributes under their schemas' names, its groups (direct
 * and nested), its effective roles, the full SCIM document as the identity provider sees it, the requests about it
 * in the event log, and removal from the directory.
 */
import type { PageContext } from '../context.js';
import { confirmButton } from '../confirm.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { link, navigate } from '../route.js';
import type { Tenant, UserDetail } from '../types.js';
import { extensionSections, profileSection } from '../extension-attributes.js';
import { groupsSection } from '../user-groups.js';
import { rolesSection } from '../user-roles.js';
import { stateBadge } from '../widgets.js';

function text(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function emails(resource: Record<string, unknown>): string {
  const list = Array.isArray(resource.emails) ? (resource.emails as { value?: unknown; type?: unknown }[]) : [];
  return list.map((e) => `${text(e.value)}${e.type ? ` (${text(e.type)})` : ''}`).join(', ') || '—';
}

/** Renders a user. */
export async function userDetailPage(ctx: PageContext, tenant: Tenant, userId: string): Promise<Node> {
  const path = `api/tenants/${tenant.id}/users/${encodeURIComponent(userId)}`;
  const [detail, roles] = await Promise.all([ctx.api.get<UserDetail>(path), rolesSection(ctx, tenant.id, path)]);
  const r = detail.resource;
  const meta = (r.meta ?? {}) as Record<string, unknown>;
  const name = (r.name ?? {}) as Record<string, unknown>;
  const actions = h('div', { class: 'actions' });
  const userName = text(r.userName);
  actions.append(
    confirmButton(
      actions,
      'Remove from directory…',
      () => ({
        title: `Remove ${userName}?`,
        explanation:
          'The user is deleted from this directory and from its groups, and the host application is told. The identity provider does not know: unassign the user there too, or it may provision the user again on its next cycle.',
        confirmLabel: 'Remove user',
        action: async () => {
          await ctx.api.delete(`api/tenants/${tenant.id}/users/${encodeURIComponent(userId)}`, { confirm: true });
          ctx.notify(`Removed ${userName}.`);
          navigate(link(['t', tenant.id, 'users']));
        },
      }),
    ),
  );
  return h(
    'div',
    null,
    h('p', null, h('a', { attrs: { href: link(['t', tenant.id, 'users']) } }, '← All users')),
    h('h2', { class: 'user-name' }, userName),
    h(
      'dl',
      { class: 'props' },
      h('dt', null, 'Display name'),
      h('dd', { class: 'display-name' }, text(r.displayName)),
      h('dt', null, 'Name'),
      h('dd', null, text(name.formatted ?? [name.givenName, name.familyName].filter(Boolean).join(' '))),
      h('dt', null, 'Emails'),
      h('dd', null, emails(r)),
      h('dt', null, 'State'),
      h('dd', null, stateBadge(r.active === false ? 'inactive' : 'active', r.active !== false)),
      h('dt', null, 'id'),
      h('dd', { class: 'mono' }, text(r.id)),
      h('dt', null, 'externalId'),
      h('dd', { class: 'mono' }, text(r.externalId)),
      h('dt', null, 'Created'),
      h('dd', null, dateTime(text(meta.created))),
      h('dt', null, 'Last modified'),
      h('dd', null, `${dateTime(text(meta.lastModified))} (version ${text(meta.version)})`),
    ),
    profileSection(r),
    extensionSections(r, detail.extensionSchemas ?? [], tenant.id, detail.manager ?? null),
    groupsSection(tenant.id, detail.groups),
    roles(r),
    h('p', null, h('a', { attrs: { href: link(['t', tenant.id, 'events'], { resourceId: userId }) } }, 'Requests about this user in the event log')),
    h('h3', null, 'SCIM document'),
    h('pre', { class: 'json', attrs: { tabindex: 0, 'aria-label': 'SCIM document' } }, JSON.stringify(r, null, 2)),
    actions,
  );
}
