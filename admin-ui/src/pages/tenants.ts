/**
 * The start page: every SCIM directory (tenant) and a form to create one. A new directory's SCIM URL and first
 * token are shown once, right here.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { dateTime, relative } from '../format.js';
import { link, navigate } from '../route.js';
import { tokenPanel } from '../token-panel.js';
import type { Issued, Tenant } from '../types.js';
import { emptyState, errorText, field, submitting, table } from '../widgets.js';
import { healthBadge, type TenantHealth } from '../health.js';

/** When the directory last had a request, for the health column. */
function lastSeen(health: TenantHealth | undefined): string {
  return health?.lastRequestAt ? `last request ${relative(health.lastRequestAt)}` : 'no requests';
}

/** Renders the tenant list. */
export async function tenantsPage(ctx: PageContext): Promise<Node> {
  const [{ tenants }, health] = await Promise.all([ctx.api.get<{ tenants: Tenant[] }>('api/tenants'), ctx.api.get<{ tenants: TenantHealth[] }>('api/health')]);
  const healthOf = new Map(health.tenants.map((t) => [t.tenantId, t]));
  const created = h('div');
  const listSlot = h('div');
  const name = h('input', { attrs: { type: 'text', name: 'name', required: true, maxlength: 200, autocomplete: 'off' } });
  const error = errorText();
  const form = h(
    'form',
    {
      class: 'card',
      on: {
        submit: submitting(error, async () => {
          const answer = await ctx.api.post<{ tenant: Tenant } & Issued>('api/tenants', { name: name.value });
          form.hidden = true;
          listSlot.hidden = true;
          created.replaceChildren(
            tokenPanel(answer.token, {
              title: `“${answer.tenant.name}” is ready: copy its token now`,
              scimUrl: answer.tenant.scimUrl,
              done: () => navigate(link(['t', answer.tenant.id, 'overview'])),
            }),
          );
        }),
      },
    },
    h('h2', null, 'Create a SCIM directory'),
    h('p', null, 'One directory per identity provider connection. You get its SCIM URL and a token to paste into the identity provider.'),
    field('Name', name, 'For you, e.g. “Entra ID production”. It can be changed later.'),
    error,
    h('button', { attrs: { type: 'submit' } }, 'Create directory'),
  );
  const rows = tenants.map((t) =>
    h(
      'tr',
      null,
      h('th', { attrs: { scope: 'row' } }, h('a', { attrs: { href: link(['t', t.id, 'overview']) } }, t.name)),
      h('td', { class: 'mono' }, t.id),
      h('td', null, healthBadge(healthOf.get(t.id)), h('br'), h('span', { class: 'hint' }, lastSeen(healthOf.get(t.id)))),
      h('td', { class: 'mono wrap' }, t.scimUrl),
      h('td', { class: 'nowrap' }, dateTime(t.createdAt)),
    ),
  );
  listSlot.append(
    tenants.length === 0
      ? emptyState('No directories yet.', h('p', null, 'Create one above, then paste its SCIM URL and token into your identity provider’s provisioning settings.'))
      : table('All directories', ['Name', 'Tenant id', 'Health', 'SCIM URL', 'Created'], rows),
  );
  return h('div', null, h('h1', { attrs: { tabindex: -1 } }, 'SCIM directories'), created, form, listSlot);
}
