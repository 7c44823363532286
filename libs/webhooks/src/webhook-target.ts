import { BlockList, isIP } from 'node:net';

/** Who may be called: https only in production; loopback only where tests explicitly allow it. */
export interface WebhookTargetPolicy {
  readonly requireHttps: boolean;
  readonly allowLoopback: boolean;
}

/** Addresses a webhook may never reach: private, shared, link-local, multicast, reserved and documentation ranges. */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** IPv4 written inside IPv6 (::ffff:a.b.c.d), judged as the IPv4 address it is. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1] : address;
}

/** Whether a webhook may be delivered to this IP address under the policy. */
export function isAllowedAddress(address: string, policy: WebhookTargetPolicy): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (LOOPBACK.check(plain, type)) return policy.allowLoopback;
  if (family === 6 && /^::ffff:/i.test(plain)) return false;
  return !NON_PUBLIC.check(plain, type);
}

/** Why a URL cannot be a webhook endpoint, or null when its form is acceptable (its addresses are checked on resolution). */
export function webhookUrlProblem(text: string, policy: WebhookTargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'url must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !policy.requireHttps)) return policy.requireHttps ? 'url must use https' : 'url must use https or http';
  if (url.username !== '' || url.password !== '') return 'url must not carry a user name or password';
  if (url.hash !== '') return 'url must not have a fragment';
  if (text.length > 2000) return 'url must be at most 2000 characters long';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && !isAllowedAddress(host, policy)) return 'url must point to a public address';
  if (host === 'localhost' && !policy.allowLoopback) return 'url must point to a public address';
  return null;
}
