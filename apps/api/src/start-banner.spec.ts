import { serverAddress, startBanner } from './start-banner';

describe('the start banner', () => {
  it('says where the platform answers, how to sign in and where the data lives', () => {
    const banner = startBanner({
      url: 'http://localhost:3000',
      data: { embedded: true, dataDir: '/srv/aq/data' },
      demoAccounts: [{ role: 'admin', email: 'admin@demo.aziendaqualificata.it', password: 'demo-admin-password' }],
    });
    expect(banner).toContain('Azienda Qualificata is running on http://localhost:3000');
    expect(banner).toContain('http://localhost:3000/accedi');
    expect(banner).toContain('embedded database in /srv/aq/data');
    expect(banner).toMatch(/admin +admin@demo\.aziendaqualificata\.it +demo-admin-password/);
    expect(banner.split('\n').length).toBeLessThan(20);
  });

  it('lists no accounts without demo data, and never a server password', () => {
    const banner = startBanner({ url: 'https://aq.example.it', data: { embedded: false, server: serverAddress('postgres://aq:segreta@db.example.it:5432/aq') }, demoAccounts: null });
    expect(banner).toContain('PostgreSQL server postgres://db.example.it:5432/aq');
    expect(banner).not.toContain('segreta');
    expect(banner).not.toContain('Demo accounts');
  });
});
