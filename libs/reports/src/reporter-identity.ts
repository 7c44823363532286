import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a client address stands for. An IPv6 host usually holds a whole /64 and can change
 * address within it at will, so its /64 is the client; an IPv4-mapped IPv6 address is its IPv4 address.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(ip)) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, lower case, without leading zeros. */
function expandIpv6(ip: string): string[] {
  const [head, tail] = ip.toLowerCase().split('%')[0].split('::');
  const groups = (part: string | undefined) => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(missing, 0)).fill('0'), ...right].map((group) => group.replace(/^0+(?=.)/, ''));
}

/**
 * Who counts as the same reporter for collapsing duplicates: the same contact e-mail when one is
 * given, otherwise the same client network. Only a keyed hash of this is stored (ReporterKeys).
 */
export function reporterIdentity(email: string | null, ip: string): string {
  return email !== null ? `email:${email}` : `ip:${clientNetwork(ip)}`;
}
