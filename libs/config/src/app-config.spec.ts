import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded database with demo data and the worker in process', () => {
    const config = loadConfig({});
    expect(config.embedded).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.demoData).toBe(true);
    expect(config.workerInProcess).toBe(true);
    expect(config.trustProxy).toBe(false);
    expect(config.login.maxFailuresPerAccount).toBe(100);
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('uses a PostgreSQL server when DATABASE_URL is set, without demo data unless asked', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://aq@db.example:5432/aq', PORT: '8080' });
    expect(config.embedded).toBe(false);
    expect(config.database.url).toBe('postgres://aq@db.example:5432/aq');
    expect(config.demoData).toBe(false);
    expect(config.workerInProcess).toBe(false);
    expect(config.publicBaseUrl).toBe('http://localhost:8080');
  });

  it('names every wrong value at once', () => {
    const attempt = () => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', DEMO_DATA: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/DATABASE_URL must be a postgres/);
      expect(message).toMatch(/LOG_LEVEL/);
      expect(message).toMatch(/DEMO_DATA must be true or false/);
    }
  });

  it.each([
    ['false', false],
    ['true', true],
    ['loopback', 'loopback'],
    ['10.0.0.1, 192.168.0.0/16', ['10.0.0.1', '192.168.0.0/16']],
  ])('reads TRUST_PROXY=%s', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('reads the renewal window (90 days) and the appeal period (30 days) unless set, and refuses them out of range', () => {
    expect(loadConfig({}).ratings.renewalWindowDays).toBe(90);
    expect(loadConfig({ RENEWAL_WINDOW_DAYS: '60' }).ratings.renewalWindowDays).toBe(60);
    expect(() => loadConfig({ RENEWAL_WINDOW_DAYS: '0' })).toThrow(/RENEWAL_WINDOW_DAYS/);
    expect(() => loadConfig({ RENEWAL_WINDOW_DAYS: 'tre mesi' })).toThrow(/RENEWAL_WINDOW_DAYS/);
    expect(() => loadConfig({ APPEAL_DAYS: '0' })).toThrow(/APPEAL_DAYS/);
    expect(() => loadConfig({ APPEAL_DAYS: 'un mese' })).toThrow(/APPEAL_DAYS/);
    expect(loadConfig({}).appeals.days).toBe(30);
  });

  it('refuses a TRUST_PROXY that is not an address list', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/);
  });

  it('refuses a port out of range and a zero login limit', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '0' })).toThrow(/LOGIN_MAX_FAILURES_PER_ACCOUNT/);
  });

  it('reads the sign-in budgets, and refuses a client budget that would leave nothing to the account\'s other clients', () => {
    expect(loadConfig({}).login).toEqual({ maxFailuresPerAccount: 100, maxFailuresPerClient: 10, maxFailuresPerIp: 300 });
    expect(loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '20', LOGIN_MAX_FAILURES_PER_CLIENT: '5' }).login.maxFailuresPerClient).toBe(5);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '10' })).toThrow(/LOGIN_MAX_FAILURES_PER_CLIENT must be less than LOGIN_MAX_FAILURES_PER_ACCOUNT/);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_CLIENT: 'ten' })).toThrow(/LOGIN_MAX_FAILURES_PER_CLIENT/);
  });

  describe('REPORTS_REPORTER_KEY', () => {
    const key = 'AB'.repeat(32);
    const server = { DATABASE_URL: 'postgres://aq@db.example:5432/aq' };

    it('is read as 64 hexadecimal digits, lower-cased', () => {
      expect(loadConfig({ REPORTS_REPORTER_KEY: key }).reports.reporterKey).toBe('ab'.repeat(32));
      expect(loadConfig({}).reports.reporterKey).toBeUndefined();
    });

    it('refuses a key that is not a 256-bit hexadecimal secret', () => {
      expect(() => loadConfig({ REPORTS_REPORTER_KEY: 'short' })).toThrow(/REPORTS_REPORTER_KEY must be 64 hexadecimal digits/);
      expect(() => loadConfig({ REPORTS_REPORTER_KEY: 'g'.repeat(64) })).toThrow(/REPORTS_REPORTER_KEY/);
    });

    it('is required in production on a PostgreSQL server, where several instances must share it', () => {
      expect(() => loadConfig({ ...server, NODE_ENV: 'production' })).toThrow(/REPORTS_REPORTER_KEY is required in production/);
      expect(loadConfig({ ...server, NODE_ENV: 'production', REPORTS_REPORTER_KEY: key }).reports.reporterKey).toBe(key.toLowerCase());
    });

    it('may be left to the data folder on the embedded database and outside production', () => {
      expect(loadConfig({ NODE_ENV: 'production' }).reports.reporterKey).toBeUndefined();
      expect(loadConfig({ ...server, NODE_ENV: 'development' }).reports.reporterKey).toBeUndefined();
    });
  });
});
