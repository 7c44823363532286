import { clientNetwork, reporterIdentity } from './reporter-identity';

describe('reporter identity', () => {
  it('is the e-mail when one is given, whatever the address', () => {
    expect(reporterIdentity('mario@example.it', '192.0.2.1')).toBe('email:mario@example.it');
    expect(reporterIdentity('mario@example.it', '198.51.100.7')).toBe(reporterIdentity('mario@example.it', '192.0.2.1'));
  });

  it('is the IPv4 address otherwise, mapped IPv6 form included', () => {
    expect(reporterIdentity(null, '192.0.2.1')).toBe('ip:192.0.2.1');
    expect(clientNetwork('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientNetwork('::FFFF:192.0.2.1')).toBe('192.0.2.1');
  });

  it('is the /64 of an IPv6 address, however it is written', () => {
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0DB8:0001:0002:ffff:0:0:9')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('2001:db8:1:3::1')).not.toBe(clientNetwork('2001:db8:1:2::1'));
  });
});
