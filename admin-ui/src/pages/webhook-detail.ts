/**
 * One webhook endpoint: its delivery log newest first (change, resource, state, attempts, last answer or error,
 * next attempt) with Redeliver on each delivery, a form to change the endpoint (name, URL, change types, enabled)
 * and Delete, confirmed in place.
 */
import type { PageContext } from '../context.js';
import { confirmButton } from '../confirm.js';
import { h } from '../dom.js';
import { dateTime, relative } from '../format.js';
import { link, navigate } from '../route.js';
import type { Tenant } from '../types.js';
import { endpointFields } from '../webhook-fields.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookList } from '../webhook-types.js';
import { emptyState, errorText, pager, statusBadge, submitting, table } from '../widgets.js';

const PAGE = 25;

function stateText(d: WebhookDelivery): HTMLElement {
  const kind = d.status === 'succeeded' ? 'ok' : d.status === 'failed' ? 'server-error' : 'muted';
  return h('span', { class: `badge ${kind}` }, d.status);
}

function deliveryRow(ctx: PageContext, base: string, d: WebhookDelivery): HTMLTableRowElement {
  const action = h('td');
  action.append(
    h(
      'button',
      {
        class: 'secondary small',
        attrs: { type: 'button', 'aria-label': `Redeliver ${d.changeType} ${d.id}` },
        on: {
          click: async () => {
            await ctx.api.post(`${base}/deliveries/${d.id}/redeliver`);
            ctx.notify(`Delivery ${d.id} will be sent again.`);
            ctx.refresh();
          },
        },
      },
      'Redeliver',
    ),
  );
  const subject = String(d.payload.data?.userName ?? d.payload.data?.displayName ?? d.resourceId);
  return h(
    'tr',
    { attrs: { 'data-delivery': d.id } },
    h('td', null, dateTime(d.createdAt)),
    h('td', { class: 'mono' }, d.changeType),
    h('td', { class: 'wrap' }, `${d.resourceType} ${subject}`),
    h('td', null, stateText(d)),
    h('td', null, String(d.attempts)),
    h('td', { class: 'wrap' }, d.lastStatus !== null ? statusBadge(d.lastStatus) : null, d.lastError ? ` ${d.lastError}` : d.lastStatus === null ? '—' : null),
    h('td', null, d.nextAttemptAt ? relative(d.nextAttemptAt) : '—'),
    action,
  );
}

/** Renders an endpoint's page. */
export async function webhookDetailPage(ctx: PageContext, tenant: Tenant, endpointId: string): Promise<Node> {
  const base = `api/tenants/${tenant.id}/webhooks/${encodeURIComponent(endpointId)}`;
  const startIndex = Math.max(1, Number(ctx.route.query.get('start')) || 1);
  const [log, { changeTypes }] = await Promise.all([
    ctx.api.get<{ endpoint: WebhookEndpoint; totalResults: number; items: WebhookDelivery[] }>(`${base}/deliveries`, { startIndex, count: PAGE }),
    ctx.api.get<WebhookList>(`api/tenants/${tenant.id}/webhooks`),
  ]);
  const endpoint = log.endpoint;
  const go = (start: number): void => navigate(link(['t', tenant.id, 'webhooks', endpointId], { start }));
  const deliveries =
    log.totalResults === 0
      ? emptyState('No deliveries yet.', h('p', null, 'Changes of the subscribed types made from now on appear here within seconds.'))
      : h(
          'div',
          null,
          table(`Delivery log of ${endpoint.name}`, ['Created', 'Change', 'Resource', 'State', 'Attempts', 'Last answer', 'Next attempt', 'Actions'], log.items.map((d) => deliveryRow(ctx, base, d))),
          pager(startIndex, PAGE, log.totalResults, log.items.length, go),
        );

  const error = errorText();
  const fields = endpointFields(changeTypes, endpoint);
  const enabled = h('input', { attrs: { type: 'checkbox', name: 'enabled', id: 'webhook-enabled' }, checked: endpoint.enabled });
  const edit = h(
    'form',
    {
      class: 'card',
      on: {
        submit: submitting(error, async () => {
          await ctx.api.patch(base, { ...fields.values(), enabled: enabled.checked });
          ctx.notify('Endpoint saved.');
          ctx.refresh();
        }),
      },
    },
    h('h2', null, 'Change the endpoint'),
    ...fields.nodes,
    h('div', { class: 'field checkbox' }, enabled, h('label', { attrs: { for: 'webhook-enabled' } }, 'Enabled'), h('p', { class: 'hint' }, 'A disabled endpoint keeps its pending deliveries and gets no new ones.')),
    error,
    h('button', { attrs: { type: 'submit' } }, 'Save endpoint'),
  );
  const removal = h('div', { class: 'card' });
  removal.append(
    h('h2', null, 'Delete'),
    confirmButton(
      removal,
      'Delete endpoint…',
      () => ({
        title: `Delete “${endpoint.name}”?`,
        explanation: 'Deliveries stop at once and the delivery log is deleted with the endpoint. The receiver keeps what it got.',
        confirmLabel: 'Delete endpoint',
        action: async () => {
          await ctx.api.delete(base);
          ctx.notify(`Deleted webhook endpoint “${endpoint.name}”.`);
          navigate(link(['t', tenant.id, 'webhooks']));
        },
      }),
    ),
  );
  return h(
    'div',
    null,
    h('p', { class: 'crumbs' }, h('a', { attrs: { href: link(['t', tenant.id, 'webhooks']) } }, 'All webhook endpoints')),
    h('h2', null, endpoint.name),
    h('p', { class: 'mono wrap' }, endpoint.url),
    deliveries,
    edit,
    removal,
  );
}
