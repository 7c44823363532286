import { isAllowedAddress, webhookUrlProblem } from './webhook-target';

const production = { requireHttps: true, allowLoopback: false };
const tests = { requireHttps: false, allowLoopback: true };

describe('webhook targets (no server-side request forgery)', () => {
  it('allows public addresses only', () => {
    for (const address of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '8.8.8.8']) expect(isAllowedAddress(address, production)).toBe(true);
    for (const address of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '127.0.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '224.0.0.1', 'not-an-ip']) {
      expect({ address, allowed: isAllowedAddress(address, production) }).toEqual({ address, allowed: false });
    }
  });

  it('allows loopback only under the explicit test policy, never private ranges', () => {
    expect(isAllowedAddress('127.0.0.1', tests)).toBe(true);
    expect(isAllowedAddress('::1', tests)).toBe(true);
    expect(isAllowedAddress('10.0.0.1', tests)).toBe(false);
  });

  it('refuses URLs that are not https in production, carry credentials or name a non-public address', () => {
    expect(webhookUrlProblem('https://hooks.example.com/aq', production)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.com/aq', production)).toBe('url must use https');
    expect(webhookUrlProblem('ftp://hooks.example.com/aq', tests)).toMatch(/https or http/);
    expect(webhookUrlProblem('https://user:pw@hooks.example.com/', production)).toMatch(/user name/);
    expect(webhookUrlProblem('https://169.254.169.254/latest/meta-data', production)).toMatch(/public address/);
    expect(webhookUrlProblem('https://[::1]/', production)).toMatch(/public address/);
    expect(webhookUrlProblem('https://localhost/', production)).toMatch(/public address/);
    expect(webhookUrlProblem('not a url', production)).toMatch(/absolute URL/);
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook', tests)).toBeNull();
  });
});
