import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isAllowedAddress, WebhookTargetPolicy, webhookUrlProblem } from './webhook-target';

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface WebhookResponse {
  /** Absent when no answer came (refused target, connection error, timeout). */
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** Only the status counts; a receiver's body is read (to free the connection) up to this much and dropped. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export class WebhookTargetRefusedError extends Error {}

/**
 * A DNS lookup that answers only addresses the policy allows: the address checked is the address
 * connected to, so a name that resolves to a public address at registration and to an internal one
 * later (DNS rebinding) is refused at delivery.
 */
export function guardedLookup(policy: WebhookTargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((address) => !isAllowedAddress(address.address, policy));
      if (refused || addresses.length === 0) {
        return callback(new WebhookTargetRefusedError(`${hostname} resolves to ${refused?.address ?? 'no address'}, which is not a public address`), '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** POSTs one webhook; never follows redirects (a 3xx is a failed delivery), never throws. */
export async function sendWebhook(request: WebhookRequest, policy: WebhookTargetPolicy, timeoutMs: number): Promise<WebhookResponse> {
  const started = Date.now();
  const problem = webhookUrlProblem(request.url, policy);
  if (problem !== null) return { statusCode: null, error: problem, durationMs: 0 };
  const url = new URL(request.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !isAllowedAddress(host, policy)) return { statusCode: null, error: 'url must point to a public address', durationMs: 0 };
  const options: RequestOptions = {
    method: 'POST',
    headers: { ...request.headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(request.body)), 'user-agent': 'AziendaQualificata-Webhooks/1' },
    lookup: guardedLookup(policy),
    timeout: timeoutMs,
  };
  return new Promise((resolve) => {
    const finish = (statusCode: number | null, error: string | null) => resolve({ statusCode, error, durationMs: Date.now() - started });
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing = send(url, options, (response) => {
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_RESPONSE_BYTES) response.destroy();
      });
      response.on('close', () => finish(response.statusCode ?? null, null));
      response.on('error', () => undefined);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error) => finish(null, error.message));
    outgoing.end(request.body);
  });
}
