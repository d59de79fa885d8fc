/**
 * The connection check of a directory's overview: for the sign-in method chosen in the setup guide, the `curl`
 * commands that do what the identity provider will do — with a token, call /Users; with an OAuth client, fetch an
 * access token (client_secret_post or client_secret_basic) and call /Users with it; with a trust, exchange a signed
 * assertion for an access token — and what each answer means.
 */
import { h } from './dom.js';
import type { AuthMethodId, GuideValues } from './setup-guides/index.js';
import { copyField } from './widgets.js';

/** The client assertion type of RFC 7523 §2.2. */
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** One command to run, with the id of its box. */
export interface CheckCommand {
  readonly id: string;
  readonly label: string;
  readonly before: string;
  readonly command: string;
}

/** The commands of `method`, filled in with this directory's values; upper-case words are for the reader to fill. */
export function checkCommands(method: AuthMethodId, v: GuideValues): CheckCommand[] {
  const call = (token: string): string => `curl -i -H "Authorization: Bearer ${token}" "${v.scimUrl}/Users?count=1"`;
  if (method === 'bearer') {
    return [
      { id: 'curl-command', label: 'Command', before: 'Run this from a machine on the identity provider’s side of the network (replace YOUR_TOKEN with the token):', command: call('YOUR_TOKEN') },
      { id: 'curl-command-no-token', label: 'Command without token', before: 'Or without a token, to see whether the endpoint is reachable at all:', command: `curl -i "${v.scimUrl}/Users?count=1"` },
    ];
  }
  const afterToken = { id: 'curl-command', label: 'Command', before: 'Then call the SCIM endpoint with the access_token of the answer in place of ACCESS_TOKEN:', command: call('ACCESS_TOKEN') };
  if (method === 'oauth') {
    const clientId = v.clientId ?? 'CLIENT_ID';
    return [
      {
        id: 'curl-token-post',
        label: 'Token request (client_secret_post)',
        before: 'Get an access token as the identity provider does (replace CLIENT_SECRET with the client’s secret), with the secret in the form:',
        command: `curl -i -d grant_type=client_credentials --data-urlencode "client_id=${clientId}" --data-urlencode "client_secret=CLIENT_SECRET" "${v.tokenEndpoint}"`,
      },
      {
        id: 'curl-token-basic',
        label: 'Token request (client_secret_basic)',
        before: 'Or with the id and secret as HTTP Basic credentials:',
        command: `curl -i -u "${clientId}:CLIENT_SECRET" -d grant_type=client_credentials "${v.tokenEndpoint}"`,
      },
      afterToken,
    ];
  }
  return [
    {
      id: 'curl-token-assertion',
      label: 'Token request (client assertion)',
      before: 'Exchange an assertion for an access token as the identity provider does (replace SIGNED_JWT with a JWT the trusted issuer signed for the trust’s subject and audience; each one is accepted once):',
      command: `curl -i -d grant_type=client_credentials --data-urlencode "client_id=${v.trustClientId ?? 'CLIENT_ID'}" -d client_assertion_type=${JWT_BEARER} --data-urlencode "client_assertion=SIGNED_JWT" "${v.tokenEndpoint}"`,
    },
    afterToken,
  ];
}

/** What the answers of the token endpoint and of the SCIM endpoint mean. */
function answers(method: AuthMethodId): HTMLElement {
  const pair = (dt: string, dd: string): HTMLElement[] => [h('dt', null, dt), h('dd', null, dd)];
  return h(
    'dl',
    { class: 'answers' },
    method === 'bearer'
      ? null
      : [
          pair('Token request: 200 with JSON containing "access_token"', 'The client (or trust) and the token endpoint work; the access token is valid for an hour by default.'),
          pair('Token request: 401 with "invalid_client"', 'The client id or secret is wrong, revoked or expired, or the assertion does not match the trust; error_description says which.'),
          pair('Token request: 429 with "temporarily_unavailable"', 'The directory’s rate limit for token requests is spent (failed requests count too); wait the seconds of Retry-After.'),
        ],
    pair('200 with JSON containing "ListResponse"', 'URL and credentials work. If the identity provider still fails, read its request in the event log.'),
    pair('401 with a JSON body containing "urn:ietf:params:scim:api:messages:2.0:Error"', 'The endpoint is reachable; the token is wrong, revoked or expired, or this directory is disabled. Issue a new token if in doubt.'),
    pair('An HTML page, a redirect to a sign-in page, or 502/503/504', 'Something between the identity provider and this server answered — a reverse proxy, firewall or SSO gateway. Let /scim/ through to this server unauthenticated; the credentials protect it.'),
    pair('404 with a SCIM error', 'The server is reached but the path is wrong: the URL must end in /v2, with this directory’s id.'),
    pair('No answer, connection refused or a certificate error', 'DNS, network or TLS: check the host name, the port and that the certificate is valid for it.'),
  );
}

/** The connection check card; `show` fills it for a method and values, again whenever they change. */
export function connectionCheck(): { readonly card: HTMLElement; show(method: AuthMethodId, values: GuideValues): void } {
  const body = h('div', { attrs: { 'aria-live': 'polite' } });
  const card = h('section', { class: 'card', attrs: { 'aria-labelledby': 'check-title' } }, h('h2', { attrs: { id: 'check-title' } }, 'Check the connection'), body);
  return {
    card,
    show(method, values) {
      body.replaceChildren(
        ...checkCommands(method, values).flatMap((c) => [h('p', null, c.before), copyField(c.label, c.command, { id: c.id, multiline: true })]),
        answers(method),
      );
    },
  };
}
