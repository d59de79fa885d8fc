/**
 * Where deliveries may go: HTTPS anywhere; plain HTTP only to hosts the operator allows (option
 * `webhooks.httpAllowedHosts`, `SCIM_WEBHOOK_HTTP_HOSTS`; `host:port`, or a bare `host` for any port), e.g. a
 * receiver on the same machine. Like the JWKS URLs of federation trusts, a URL with credentials in it is refused,
 * and redirects are never followed when sending.
 */

/** Longest endpoint URL. */
export const MAX_WEBHOOK_URL_LENGTH = 2000;

/** Why `url` may not receive deliveries; undefined when it may. */
export function webhookUrlProblem(url: string, httpAllowedHosts: readonly string[]): string | undefined {
  if (url.length > MAX_WEBHOOK_URL_LENGTH) return `is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (parsed.username || parsed.password) return 'must not carry credentials';
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol !== 'http:') return 'must use https';
  const host = parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  if (!httpAllowedHosts.includes(host) && !httpAllowedHosts.includes(parsed.hostname)) {
    return `must use https: plain http is allowed only to hosts the operator names (option webhooks.httpAllowedHosts), and "${host}" is not one`;
  }
  return undefined;
}
