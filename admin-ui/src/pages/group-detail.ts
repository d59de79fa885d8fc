/**
 * One group: its extension attributes under their schemas' names, its members a page at a time (groups of 100 000
 * members are never loaded whole), its SCIM document without members, and removal.
 */
import type { PageContext } from '../context.js';
import { confirmButton } from '../confirm.js';
import { groupRolesSection } from '../group-roles.js';
import { h } from '../dom.js';
import { count, dateTime } from '../format.js';
import { link, navigate } from '../route.js';
import type { GroupDetail, GroupMember, Page, Tenant } from '../types.js';
import { extensionSections } from '../extension-attributes.js';
import { emptyState, pager, stateBadge, table } from '../widgets.js';

/** Renders a group. */
export async function groupDetailPage(ctx: PageContext, tenant: Tenant, groupId: string): Promise<Node> {
  const startIndex = Math.max(1, Number(ctx.route.query.get('start') ?? '1') || 1);
  const pageSize = 50;
  const path = `api/tenants/${tenant.id}/groups/${encodeURIComponent(groupId)}`;
  const [detail, members, roles] = await Promise.all([
    ctx.api.get<GroupDetail>(path),
    ctx.api.get<Page<GroupMember>>(`${path}/members`, { startIndex, count: pageSize }),
    groupRolesSection(ctx, tenant.id, groupId),
  ]);
  const g = detail.summary;
  const actions = h('div', { class: 'actions' });
  actions.append(
    confirmButton(
      actions,
      'Remove from directory…',
      () => ({
        title: `Remove group ${g.displayName}?`,
        explanation: 'The group and its memberships are deleted from this directory; its members stay. Unassign it in the identity provider too, or it may be pushed again.',
        confirmLabel: 'Remove group',
        action: async () => {
          await ctx.api.delete(path, { confirm: true });
          ctx.notify(`Removed group ${g.displayName}.`);
          navigate(link(['t', tenant.id, 'groups']));
        },
      }),
    ),
  );
  const rows = members.items.map((m) =>
    h(
      'tr',
      null,
      h(
        'th',
        { attrs: { scope: 'row' } },
        h('a', { attrs: { href: link(['t', tenant.id, m.type === 'User' ? 'users' : 'groups', m.id]) } }, m.name ?? m.id),
      ),
      h('td', null, m.type === 'User' ? (m.displayName ?? '—') : 'group'),
      h('td', null, m.type === 'User' ? stateBadge(m.active === false ? 'inactive' : 'active', m.active !== false) : '—'),
    ),
  );
  return h(
    'div',
    null,
    h('p', null, h('a', { attrs: { href: link(['t', tenant.id, 'groups']) } }, '← All groups')),
    h('h2', null, g.displayName),
    h(
      'dl',
      { class: 'props' },
      h('dt', null, 'Members'),
      h('dd', null, count(g.memberCount)),
      h('dt', null, 'id'),
      h('dd', { class: 'mono' }, g.id),
      h('dt', null, 'externalId'),
      h('dd', { class: 'mono' }, g.externalId ?? '—'),
      h('dt', null, 'Last modified'),
      h('dd', null, dateTime(g.lastModified)),
    ),
    extensionSections(detail.resource, detail.extensionSchemas ?? [], tenant.id, null),
    h('h3', null, 'Members'),
    members.totalResults === 0
      ? emptyState('No members.')
      : h(
          'div',
          null,
          table('Members', ['Member', 'Display name', 'State'], rows, { hideCaption: true }),
          pager(startIndex, pageSize, members.totalResults, members.itemsPerPage, (start) => navigate(link(['t', tenant.id, 'groups', groupId], { start }))),
        ),
    roles(g.displayName),
    h('p', null, h('a', { attrs: { href: link(['t', tenant.id, 'events'], { resourceId: groupId }) } }, 'Requests about this group in the event log')),
    h('h3', null, 'SCIM document (members listed above)'),
    h('pre', { class: 'json', attrs: { tabindex: 0, 'aria-label': 'SCIM document' } }, JSON.stringify(detail.resource, null, 2)),
    actions,
  );
}
