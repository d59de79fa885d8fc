/**
 * A directory's webhooks: its endpoints (name, URL, change types, state, link to the delivery log) and a form to
 * add one. A new endpoint's signing secret is shown once, in a panel like a new token's; the server keeps it only
 * encrypted. Without a key configured, the page says what the operator must set instead of offering the form.
 */
import type { PageContext } from '../context.js';
import { h } from '../dom.js';
import { dateTime } from '../format.js';
import { link } from '../route.js';
import type { Tenant } from '../types.js';
import { endpointFields } from '../webhook-fields.js';
import type { WebhookEndpoint, WebhookList } from '../webhook-types.js';
import { copyField, emptyState, errorText, stateBadge, submitting, table } from '../widgets.js';

/** The one time a secret is visible. */
function secretPanel(endpoint: WebhookEndpoint, secret: string, done: () => void): HTMLElement {
  const panel = h(
    'section',
    { class: 'token-panel', attrs: { 'aria-labelledby': 'secret-title', tabindex: -1 } },
    h('h2', { attrs: { id: 'secret-title' } }, `Copy the signing secret of “${endpoint.name}” now`),
    h('p', { class: 'warning', attrs: { role: 'alert' } }, 'This secret is shown only this once. The receiver verifies each delivery’s webhook-signature header with it (Standard Webhooks). To replace it, delete the endpoint and add it again.'),
    copyField('Signing secret', secret, { id: 'new-webhook-secret', secret: true }),
    h('button', { attrs: { type: 'button' }, on: { click: done } }, 'I have copied the secret'),
  );
  queueMicrotask(() => panel.focus());
  return panel;
}

/** Renders the webhooks page. */
export async function webhooksPage(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const base = `api/tenants/${tenant.id}/webhooks`;
  const { endpoints, changeTypes, keyConfigured } = await ctx.api.get<WebhookList>(base);
  const created = h('div');
  const error = errorText();
  const fields = endpointFields(changeTypes);
  const form = keyConfigured
    ? h(
        'form',
        {
          class: 'card',
          on: {
            submit: submitting(error, async () => {
              const answer = await ctx.api.post<{ endpoint: WebhookEndpoint; secret: string }>(base, fields.values());
              created.replaceChildren(secretPanel(answer.endpoint, answer.secret, () => ctx.refresh()));
            }),
          },
        },
        h('h2', null, 'Add an endpoint'),
        h('p', null, 'Each change of the chosen types is sent to the URL as a signed JSON POST, in order per user or group, retried with growing waits for up to a day.'),
        ...fields.nodes,
        h('button', { attrs: { type: 'submit' } }, 'Add endpoint'),
      )
    : h('div', { class: 'card' }, h('h2', null, 'Webhooks need a key'), h('p', null, 'Endpoint secrets are encrypted at rest with a key the operator sets: SCIM_WEBHOOK_KEY on the standalone server (32 random bytes, e.g. from openssl rand -base64 32), or the webhooks.key option of a host application.'));

  const rows = endpoints.map((e) =>
    h(
      'tr',
      { attrs: { 'data-endpoint': e.id } },
      h('th', { attrs: { scope: 'row' } }, h('a', { attrs: { href: link(['t', tenant.id, 'webhooks', e.id]) } }, e.name)),
      h('td', { class: 'mono wrap' }, e.url),
      h('td', { class: 'mono wrap' }, e.changeTypes.join(', ')),
      h('td', null, stateBadge(e.enabled ? 'enabled' : 'disabled', e.enabled)),
      h('td', null, dateTime(e.createdAt)),
    ),
  );
  const list = endpoints.length === 0 ? emptyState('No webhook endpoints yet.', keyConfigured ? h('p', null, 'Add one to send this directory’s changes to another system.') : null) : table('Webhook endpoints', ['Name', 'URL', 'Change types', 'State', 'Created'], rows);
  return h('div', null, created, list, error, form);
}
