import { parentPort } from 'node:worker_threads';
import { normalizePhoneNumber } from './phone-number';
import type { NormalizeReply, NormalizeRequest } from './phone-number-parser';

/** The worker thread of PhoneNumberParser: numbers in, E.164 or the reason out, in the same order. */
const port = parentPort;
if (port === null) throw new Error('phone-number-worker runs only as a worker thread');
port.on('message', ({ id, written }: NormalizeRequest) => {
  const reply: NormalizeReply = { id, e164: [], reasons: [] };
  for (const text of written) {
    const result = normalizePhoneNumber(text);
    reply.e164.push(result.ok ? result.e164 : null);
    reply.reasons.push(result.ok ? null : result.reason);
  }
  port.postMessage(reply);
});
