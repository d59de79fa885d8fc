/**
 * The OAuth clients part of a directory's token page: each client by name with kind, client id, state, created,
 * last use and expiry; create one with a name; rotate its secret with an overlap; revoke it (with its access
 * tokens; one used in the last hour wants its name typed). A new secret is shown once, with the client id and the
 * token endpoint to paste into the identity provider.
 */
import type { PageContext } from '../context.js';
import { confirmButton } from '../confirm.js';
import { h } from '../dom.js';
import { dateTime, relative } from '../format.js';
import { revokeConfirmation } from '../revoke-confirmation.js';
import type { IssuedClient, OAuthClient, Tenant } from '../types.js';
import { copyField, errorText, field, stateBadge, submitting, table } from '../widgets.js';

/** The panel that shows a client's secret once. */
function secretPanel(issued: IssuedClient, done: () => void): HTMLElement {
  const panel = h(
    'section',
    { class: 'token-panel', attrs: { 'aria-labelledby': 'client-secret-title', tabindex: -1 } },
    h('h2', { attrs: { id: 'client-secret-title' } }, `Client secret of “${issued.client.name}”: copy it now`),
    h('p', { class: 'warning', attrs: { role: 'alert' } }, 'This secret is shown only this once; it is stored only as a digest. If you lose it, rotate the secret.'),
    copyField('Token endpoint', issued.tokenEndpoint, { id: 'new-token-endpoint' }),
    copyField('Client id', issued.client.clientId, { id: 'new-client-id' }),
    copyField('Client secret', issued.clientSecret, { id: 'new-client-secret', secret: true }),
    h('button', { attrs: { type: 'button' }, on: { click: done } }, 'I have copied the secret'),
  );
  queueMicrotask(() => panel.focus());
  return panel;
}

/** Renders the OAuth clients section. */
export async function oauthClientsSection(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const base = `api/tenants/${tenant.id}/oauth-clients`;
  const { clients, tokenEndpoint } = await ctx.api.get<{ clients: OAuthClient[]; tokenEndpoint: string }>(base);
  const issuedSlot = h('div');
  const error = errorText();
  const show = (issued: IssuedClient): void => {
    issuedSlot.replaceChildren(secretPanel(issued, () => ctx.refresh()));
  };

  const name = h('input', { attrs: { type: 'text', name: 'clientName', maxlength: 100, required: true, placeholder: 'Entra production', autocomplete: 'off' } });
  const create = h(
    'form',
    { class: 'card', on: { submit: submitting(error, async () => show(await ctx.api.post<IssuedClient>(base, { name: name.value.trim() }))) } },
    h('h2', null, 'Create an OAuth client'),
    h('p', null, 'For identity providers that sign in with the OAuth 2.0 client credentials grant (Entra ID: “OAuth2 client credentials grant”). They get short-lived access tokens from the token endpoint.'),
    copyField('Token endpoint', tokenEndpoint, { id: 'token-endpoint' }),
    field('Client name', name, 'Which connection uses it, e.g. "Entra production".'),
    h('button', { class: 'secondary', attrs: { type: 'submit' } }, 'Create client'),
  );

  const rows = clients.map((c) => {
    const cell = h('td');
    if (c.state === 'active') {
      const rotate = h(
        'button',
        {
          class: 'secondary small',
          attrs: { type: 'button', 'aria-label': `Rotate the secret of ${c.name}` },
          on: { click: submitting(error, async () => show(await ctx.api.post<IssuedClient>(`${base}/${c.clientId}/rotate`, { expireOldAfterHours: 24 }))) },
        },
        'Rotate secret',
      );
      const revoke = confirmButton(
        cell,
        'Revoke…',
        () => ({
          title: `Revoke “${c.name}”?`,
          ...revokeConfirmation(c, "this client's access tokens"),
          confirmLabel: 'Revoke',
          action: async () => {
            await ctx.api.post(`${base}/${c.clientId}/revoke`);
            ctx.notify(`Revoked OAuth client “${c.name}”`);
            ctx.refresh();
          },
        }),
        { class: 'danger small', ariaLabel: `Revoke client ${c.name}` },
      );
      cell.append(rotate, ' ', revoke);
    }
    return h(
      'tr',
      { attrs: { 'data-client': c.clientId } },
      h('th', { attrs: { scope: 'row' } }, c.name),
      h('td', null, 'OAuth client'),
      h('td', { class: 'mono' }, c.clientId),
      h('td', null, stateBadge(c.state, c.state === 'active')),
      h('td', { class: 'nowrap' }, dateTime(c.createdAt)),
      h('td', null, c.lastUsedAt ? relative(c.lastUsedAt) : 'never'),
      h('td', null, c.revokedAt ? `revoked ${dateTime(c.revokedAt)}` : c.expiresAt ? `${dateTime(c.expiresAt)} (${relative(c.expiresAt)})` : 'no expiry'),
      cell,
    );
  });
  return h(
    'div',
    null,
    issuedSlot,
    error,
    table('OAuth clients', ['Name', 'Kind', 'Client id', 'State', 'Created', 'Last used', 'Expires', 'Actions'], rows),
    create,
  );
}
