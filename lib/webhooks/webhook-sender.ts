/**
 * Sends one delivery: a JSON POST signed as the Standard Webhooks specification says (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`, by the `standardwebhooks` package), bounded by a timeout, without
 * following redirects. Any 2xx answer is a success; anything else, a network error or the timeout is a failure
 * described in a short text that never contains the secret.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Webhook } from 'standardwebhooks';

/** One message to send. */
export interface OutgoingWebhook {
  readonly url: string;
  /** The endpoint's `whsec_…` secret, in clear text only for the time of signing. */
  readonly secret: string;
  /** `webhook-id`: the same for every attempt of one delivery, so a receiver can drop duplicates. */
  readonly messageId: string;
  /** The JSON body, as sent and signed. */
  readonly body: string;
}

/** What became of an attempt. */
export interface SendResult {
  readonly ok: boolean;
  readonly status: number | null;
  /** Why it failed, for the delivery log. */
  readonly error?: string;
}

/** The headers of a message, signed at `now`. */
export function signedHeaders(message: OutgoingWebhook, now: Date): Record<string, string> {
  const signature = new Webhook(message.secret).sign(message.messageId, now, message.body);
  return {
    'content-type': 'application/json',
    'user-agent': 'scim-directory-webhooks',
    'webhook-id': message.messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

/** Posts `message`; resolves (never rejects) within `timeoutMs` or when `signal` aborts. */
export function sendWebhook(message: OutgoingWebhook, timeoutMs: number, signal?: AbortSignal): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    let req: ClientRequest | undefined;
    const finish = (result: SendResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req?.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ ok: false, status: null, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const onAbort = (): void => finish({ ok: false, status: null, error: 'the sending instance stopped before an answer' });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    try {
      const body = Buffer.from(message.body, 'utf8');
      const send = new URL(message.url).protocol === 'https:' ? httpsRequest : httpRequest;
      req = send(message.url, { method: 'POST', headers: { ...signedHeaders(message, new Date()), 'content-length': String(body.length) } }, (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        res.resume();
        if (status >= 200 && status < 300) finish({ ok: true, status });
        else finish({ ok: false, status, error: status >= 300 && status < 400 ? `answered ${status} (redirects are not followed)` : `answered ${status}` });
      });
      req.on('error', (error: NodeJS.ErrnoException) => finish({ ok: false, status: null, error: error.code ? `${error.code}: ${error.message}` : error.message }));
      req.end(body);
    } catch (error) {
      finish({ ok: false, status: null, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
