/**
 * Sends a request again after a 429 for as long as its `Retry-After` says, as an identity provider does: the
 * seeding and the touching of tenants go through the server's per-tenant rate limits like any other client.
 */
import type { HttpClient, HttpResponse } from '../http-client.js';

/** How often a request was refused with 429 before it went through. */
export interface RetryCount {
  retries: number;
}

/** Sends `method path body` until the answer is not 429 (at most `attempts` times); counts the 429s in `count`. */
export async function requestRespectingLimits(client: HttpClient, count: RetryCount, method: string, path: string, body?: unknown, attempts = 20): Promise<HttpResponse> {
  for (let attempt = 1; ; attempt++) {
    const response = await client.request(method, path, body);
    if (response.status !== 429 || attempt >= attempts) return response;
    count.retries++;
    const header = response.headers['retry-after'];
    const seconds = Number(Array.isArray(header) ? header[0] : header);
    await new Promise((resolve) => setTimeout(resolve, (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000));
  }
}
