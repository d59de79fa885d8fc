/**
 * The workload identity federation part of a directory's token page: each trust by name with kind, client id,
 * issuer, subject, state and last use; create one (issuer, subject, audience, optional tenant id, algorithm, and a
 * JWKS URL or a pasted JWKS); revoke one (a trust used in the last hour wants its name typed).
 */
import type { PageContext } from '../context.js';
import { confirmButton } from '../confirm.js';
import { h } from '../dom.js';
import { dateTime, relative } from '../format.js';
import { revokeConfirmation } from '../revoke-confirmation.js';
import type { Tenant, Trust } from '../types.js';
import { copyField, errorText, field, stateBadge, submitting, table } from '../widgets.js';

const input = (name: string, placeholder: string, required = true): HTMLInputElement =>
  h('input', { attrs: { type: 'text', name, placeholder, required, autocomplete: 'off', spellcheck: 'false' } });

/** Renders the trusts section. */
export async function trustsSection(ctx: PageContext, tenant: Tenant): Promise<Node> {
  const base = `api/tenants/${tenant.id}/trusts`;
  const { trusts, tokenEndpoint } = await ctx.api.get<{ trusts: Trust[]; tokenEndpoint: string }>(base);
  const error = errorText();
  const name = input('trustName', 'Entra workload identity');
  const issuer = input('issuer', 'https://login.microsoftonline.com/<tenant id>/v2.0');
  const subject = input('subject', 'object id of the managed identity');
  const audience = input('audience', 'application id');
  const tenantClaim = input('tenantClaim', 'Entra tenant id (optional)', false);
  const algorithm = h('select', { attrs: { name: 'algorithm' } }, ...['RS256', 'PS256', 'ES256', 'ES384', 'EdDSA'].map((a) => h('option', { attrs: { value: a } }, a)));
  const jwksUrl = input('jwksUrl', 'https://login.microsoftonline.com/<tenant id>/discovery/v2.0/keys', false);
  const jwks = h('textarea', { class: 'mono', attrs: { name: 'jwks', rows: 3, placeholder: '{"keys": [...]} (instead of a URL)', spellcheck: 'false' } });
  const create = h(
    'form',
    {
      class: 'card',
      on: {
        submit: submitting(error, async () => {
          const body = {
            name: name.value.trim(),
            issuer: issuer.value.trim(),
            subject: subject.value.trim(),
            audience: audience.value.trim(),
            algorithm: algorithm.value,
            ...(tenantClaim.value.trim() ? { tenantClaim: tenantClaim.value.trim() } : {}),
            ...(jwksUrl.value.trim() ? { jwksUrl: jwksUrl.value.trim() } : { jwks: jwks.value }),
          };
          const { trust } = await ctx.api.post<{ trust: Trust }>(base, body);
          ctx.notify(`Created trust “${trust.name}”: client id ${trust.clientId}`);
          ctx.refresh();
        }),
      },
    },
    h('h2', null, 'Trust an issuer (workload identity federation)'),
    h('p', null, 'For identity providers that sign a client assertion instead of holding a secret (Entra ID: “Workload Identity based authentication”). Paste the token endpoint and the trust’s client id there.'),
    copyField('Token endpoint', tokenEndpoint, { id: 'trust-token-endpoint' }),
    field('Trust name', name),
    field('Issuer (iss)', issuer),
    field('Subject (sub)', subject),
    field('Audience (aud)', audience),
    field('Tenant id (tid)', tenantClaim, 'Optional: assertions must carry this tid.'),
    field('Signature algorithm', algorithm),
    field('JWKS URL', jwksUrl, 'HTTPS, on a host the operator allows; or leave empty and paste the JWKS below.'),
    field('JWKS', jwks),
    h('button', { class: 'secondary', attrs: { type: 'submit' } }, 'Create trust'),
  );

  const rows = trusts.map((t) => {
    const cell = h('td');
    if (t.state === 'active') {
      cell.append(
        confirmButton(
          cell,
          'Revoke…',
          () => ({
            title: `Revoke “${t.name}”?`,
            ...revokeConfirmation(t, "this trust's access tokens"),
            confirmLabel: 'Revoke',
            action: async () => {
              await ctx.api.post(`${base}/${t.id}/revoke`);
              ctx.notify(`Revoked trust “${t.name}”`);
              ctx.refresh();
            },
          }),
          { class: 'danger small', ariaLabel: `Revoke trust ${t.name}` },
        ),
      );
    }
    return h(
      'tr',
      { attrs: { 'data-trust': t.id } },
      h('th', { attrs: { scope: 'row' } }, t.name),
      h('td', null, 'Federation trust'),
      h('td', { class: 'mono' }, t.clientId),
      h('td', { class: 'mono wrap' }, `${t.issuer} · ${t.subject}`),
      h('td', null, stateBadge(t.state, t.state === 'active')),
      h('td', null, t.lastUsedAt ? relative(t.lastUsedAt) : 'never'),
      h('td', null, t.revokedAt ? `revoked ${dateTime(t.revokedAt)}` : 'no expiry'),
      cell,
    );
  });
  return h('div', null, error, table('Federation trusts', ['Name', 'Kind', 'Client id', 'Issuer · subject', 'State', 'Last used', 'Expires', 'Actions'], rows), create);
}
