/**
 * A directory's tokens: name, kind, prefix, state, created, last used, expiry; issue with a name, rotate the token
 * chosen with an overlap (no other token changes), revoke (a token used in the last hour wants its name typed). A
 * new token is shown once in the token panel.
 */
import type { PageContext } from '../context.js';
import { confirmButton } from '../confirm.js';
import { h } from '../dom.js';
import { dateTime, relative } from '../format.js';
import { revokeConfirmation } from '../revoke-confirmation.js';
import { oauthClientsSection } from './oauth-clients-section.js';
import { trustsSection } from './trusts-section.js';
import { tokenPanel } from '../token-panel.js';
import type { Credential, Issued, Tenant } from '../types.js';
import { errorText, field, stateBadge, submitting, table } from '../widgets.js';

/** Renders the token page. */
export async function tokensPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const [{ credentials }, clients, trusts] = await Promise.all([
    ctx.api.get<{ credentials: Credential[] }>(`api/tenants/${tenant.id}/credentials`),
    oauthClientsSection(ctx, tenant),
    trustsSection(ctx, tenant),
  ]);
  const issuedSlot = h('div');
  const error = errorText();
  const showIssued = (issued: Issued, title: string): void => {
    issuedSlot.replaceChildren(tokenPanel(issued.token, { title, scimUrl: tenant.scimUrl, done: () => ctx.refresh() }));
  };

  const overlap = h(
    'select',
    { attrs: { name: 'overlap' } },
    h('option', { attrs: { value: '' } }, 'Keep working until revoked'),
    h('option', { attrs: { value: '1' } }, '1 hour'),
    h('option', { attrs: { value: '24', selected: true } }, '24 hours'),
    h('option', { attrs: { value: '168' } }, '7 days'),
    h('option', { attrs: { value: '0' } }, 'Stop at once'),
  );
  const active = credentials.filter((c) => c.state === 'active');
  const chosen = h(
    'select',
    { attrs: { name: 'credential' } },
    ...active.map((c) => h('option', { attrs: { value: c.id } }, `${c.name} (${c.prefix}…)`)),
  );
  const rotate = h(
    'form',
    {
      class: 'card',
      on: {
        submit: submitting(error, async () => {
          const body = overlap.value === '' ? {} : { expireOldAfterHours: Number(overlap.value) };
          showIssued(await ctx.api.post<Issued>(`api/tenants/${tenant.id}/credentials/${chosen.value}/rotate`, body), 'New token: copy it now');
        }),
      },
    },
    h('h2', null, 'Rotate'),
    h('p', null, 'Issues a new token with the same name. The token you choose keeps working for the overlap you choose, so you can update the identity provider without a gap; other tokens do not change.'),
    field('Token to rotate', chosen),
    field('Old token stops working after', overlap),
    h('button', { attrs: { type: 'submit', disabled: active.length === 0 } }, 'Rotate token'),
  );

  const name = h('input', { attrs: { type: 'text', name: 'name', maxlength: 100, placeholder: 'Okta staging', autocomplete: 'off' } });
  const expiry = h('input', { attrs: { type: 'number', min: 1, max: 3650, step: 1, name: 'expiresInDays', inputmode: 'numeric' } });
  const issue = h(
    'form',
    {
      class: 'card',
      on: {
        submit: submitting(error, async () => {
          const body = { ...(name.value.trim() ? { name: name.value.trim() } : {}), ...(expiry.value ? { expiresInDays: Number(expiry.value) } : {}) };
          showIssued(await ctx.api.post<Issued>(`api/tenants/${tenant.id}/credentials`, body), 'Additional token: copy it now');
        }),
      },
    },
    h('h2', null, 'Issue another token'),
    h('p', null, 'An extra token alongside the current ones, e.g. for a second identity provider connection or a test.'),
    field('Name', name, 'Which connection uses it, e.g. "Entra production".'),
    field('Expires after (days)', expiry, 'Leave empty for no expiry.'),
    h('button', { class: 'secondary', attrs: { type: 'submit' } }, 'Issue token'),
  );

  const rows = credentials.map((c) => {
    const cell = h('td');
    if (c.state === 'active') {
      cell.append(
        confirmButton(
          cell,
          'Revoke…',
          () => ({
            title: `Revoke “${c.name}” (${c.prefix}…)?`,
            ...revokeConfirmation(c, 'this token'),
            confirmLabel: 'Revoke',
            action: async () => {
              await ctx.api.post(`api/tenants/${tenant.id}/credentials/${c.id}/revoke`);
              ctx.notify(`Revoked token “${c.name}” (${c.prefix}…)`);
              ctx.refresh();
            },
          }),
          { class: 'danger small', ariaLabel: `Revoke token ${c.name} (${c.prefix}…)` },
        ),
      );
    }
    return h(
      'tr',
      { attrs: { 'data-credential': c.id } },
      h('th', { attrs: { scope: 'row' } }, c.name),
      h('td', null, c.kind === 'token' ? 'Static token' : 'OAuth access token'),
      h('td', { class: 'mono' }, `${c.prefix}…`),
      h('td', null, stateBadge(c.state, c.state === 'active')),
      h('td', { class: 'nowrap' }, dateTime(c.createdAt)),
      h('td', null, c.lastUsedAt ? `${relative(c.lastUsedAt)}` : 'never'),
      h('td', null, c.revokedAt ? `revoked ${dateTime(c.revokedAt)}` : c.expiresAt ? `${dateTime(c.expiresAt)} (${relative(c.expiresAt)})` : 'no expiry'),
      cell,
    );
  });
  return h(
    'div',
    null,
    issuedSlot,
    error,
    table('Tokens', ['Name', 'Kind', 'Token', 'State', 'Created', 'Last used', 'Expires', 'Actions'], rows),
    h('div', { class: 'columns' }, rotate, issue),
    clients,
    trusts,
  );
}
