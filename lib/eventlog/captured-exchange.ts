/**
 * A finished SCIM request as capture leaves it for the writer: references to what the stored event is made of (the
 * parsed request body, the captured response pieces, the URL, status, headers, times), and the building of the
 * {@link EventRecord} (redaction, body text, path and query, resource, provider) deferred to the flush, which builds
 * only the events it writes.
 *
 * Deferring the request body is safe because nothing modifies a parsed body: normalisers and the validator copy
 * (`RequestNormalizer` "must not modify its input"), and test/integration/event-log-frozen-body.test.ts runs the
 * request kinds against deep-frozen bodies. A request body larger than the body cap (or of unknown length) is
 * still turned into text at once: its parsed object would hold far more memory until the flush than the capped
 * text, and such a request costs far more than the rendering anyway.
 */
import { requestBodyText, responseBodyText } from './body-text.js';
import type { CapturedBody } from './captured-body.js';
import { redactQuery, redactText } from './redact.js';
import { resourceOf, splitScimUrl } from './request-target.js';
import type { EventRecord } from '../store/event-log-records.js';
import type { PendingEvent } from './pending-event.js';

/** Recognises the identity provider of a request; undefined when unsure. */
export type ProviderDetector = (userAgent: string | undefined, body: unknown) => string | undefined;

/** What every exchange of one capture shares. */
export interface ExchangeRendering {
  /** Cap on each stored body, in characters. */
  readonly bodyCap: number;
  readonly detectProvider: ProviderDetector | undefined;
}

/** The facts of one finished request, taken on the request path without building anything. */
export interface ExchangeFacts {
  /** The tenant whose log the event goes to. */
  readonly tenantId: string;
  /** The tenant's log size. */
  readonly keep: number;
  /** The tenant id as it appears in the URL (to find the path below `/<tenant>/v2`). */
  readonly urlTenantId: string;
  readonly requestId: string;
  /** Arrival, in ms since the epoch. */
  readonly startedAtMs: number;
  readonly durationMs: number;
  readonly method: string;
  readonly originalUrl: string;
  readonly status: number;
  /** The response's `Location` (the id of a create). */
  readonly location: string | undefined;
  readonly userAgent: string | undefined;
  /** The parsed request body; undefined before authentication (the body is not read then). */
  readonly body: unknown;
  /** The request's `Content-Length` header, as sent. */
  readonly contentLength: string | undefined;
  /** The captured response body, if capture saw it. */
  readonly response: CapturedBody | undefined;
  /** The credential that authenticated the request, if one did. */
  readonly credential?: { readonly name: string; readonly kind: string } | undefined;
  /** Extension attributes the use case ignored; empty when none. */
  readonly ignoredAttributes?: readonly string[];
}

/** Fixed part of an event's memory estimate: the record and the strings that every request has. */
const EVENT_OVERHEAD_BYTES = 256;

/**
 * A pending event built from {@link ExchangeFacts}. Its memory estimate uses sizes already known: the URL and
 * User-Agent (2 bytes a character), the request's Content-Length (a parsed JSON body takes about twice its text on
 * the heap) and the captured response bytes (counted twice, as the text they become).
 */
export class CapturedExchange implements PendingEvent {
  readonly tenantId: string;
  readonly keep: number;
  readonly size: number;
  /** The request body's stored text, when it was built at once (see the module comment). */
  private readonly requestText: string | undefined;
  private readonly provider: string | undefined;
  private readonly rendered: boolean;
  private readonly facts: ExchangeFacts;

  constructor(
    private readonly rendering: ExchangeRendering,
    facts: ExchangeFacts,
  ) {
    this.tenantId = facts.tenantId;
    this.keep = facts.keep;
    const bodyBytes = facts.body === undefined ? 0 : contentLengthOf(facts.contentLength);
    this.rendered = bodyBytes < 0 || bodyBytes > rendering.bodyCap;
    if (this.rendered) {
      this.requestText = requestBodyText(facts.body, rendering.bodyCap);
      this.provider = detect(rendering.detectProvider, facts.userAgent, facts.body);
    }
    // A rendered body is not held on to.
    this.facts = this.rendered && facts.body !== undefined ? { ...facts, body: undefined } : facts;
    const held = this.rendered ? 2 * (this.requestText?.length ?? 0) : 2 * bodyBytes;
    this.size = EVENT_OVERHEAD_BYTES + 2 * (facts.originalUrl.length + (facts.userAgent?.length ?? 0)) + held + 2 * (facts.response?.kept ?? 0);
  }

  /** Builds the stored record: the work capture used to do on the request path. */
  toRecord(): EventRecord {
    const facts = this.facts;
    const { path, query } = splitScimUrl(facts.originalUrl, facts.urlTenantId);
    const resource = resourceOf(path, facts.location);
    const userAgent = facts.userAgent;
    const response = facts.response;
    return {
      tenantId: facts.tenantId,
      at: new Date(facts.startedAtMs),
      requestId: facts.requestId,
      method: facts.method,
      path: redactText(path),
      query: query === undefined ? undefined : redactQuery(query),
      status: facts.status,
      durationMs: facts.durationMs,
      provider: this.rendered ? this.provider : detect(this.rendering.detectProvider, userAgent, facts.body),
      userAgent: userAgent ? redactText(userAgent.slice(0, 512)) : undefined,
      resourceType: resource.type,
      resourceId: resource.id?.slice(0, 256),
      requestBody: this.rendered ? this.requestText : requestBodyText(facts.body, this.rendering.bodyCap),
      responseBody: response ? responseBodyText(response.chunks, response.total, response.cap) : undefined,
      credentialName: facts.credential?.name,
      credentialKind: facts.credential?.kind,
      ...(facts.ignoredAttributes !== undefined && facts.ignoredAttributes.length > 0 ? { ignoredAttributes: facts.ignoredAttributes.map((name) => redactText(name.slice(0, 512))) } : {}),
      keep: facts.keep,
    };
  }
}

/** The byte count of a `Content-Length` header; -1 when absent or not a count (a chunked body). */
function contentLengthOf(header: string | undefined): number {
  if (header === undefined) return -1;
  const bytes = Number(header);
  return Number.isSafeInteger(bytes) && bytes >= 0 ? bytes : -1;
}

/** The detector's answer; undefined when it has none or fails (a label is not worth losing the event). */
function detect(detectProvider: ProviderDetector | undefined, userAgent: string | undefined, body: unknown): string | undefined {
  try {
    return detectProvider?.(userAgent, body);
  } catch {
    return undefined;
  }
}
