import { renderAtomFeed } from './atom-feed';

const entry = {
  kind: 'revoked' as const,
  occurredAt: new Date('2026-11-24T10:00:00Z'),
  certificateNumber: 'AQ-2026-000007',
  reason: 'irregularities' as const,
  publicNote: 'Chiamate senza consenso <b>documentate</b>',
  vatNumber: '00488410010',
  legalName: 'Rossi & Figli <S.r.l.>',
};

describe('the Atom feed of registry changes', () => {
  it('announces each change with a stable id, a link to the firm and the reason', () => {
    const xml = renderAtomFeed('https://aq.example.it', [entry]);
    expect(xml).toContain('<id>tag:aq.example.it,2026:rating/AQ-2026-000007/revoked/2026-11-24T10:00:00.000Z</id>');
    expect(xml).toContain('<link rel="alternate" type="text/html" href="https://aq.example.it/registro/00488410010"/>');
    expect(xml).toContain('<updated>2026-11-24T10:00:00.000Z</updated>');
    expect(xml).toContain('Motivo: irregolarità riscontrate.');
    expect(xml).toContain('<link rel="license" href="https://creativecommons.org/licenses/by/4.0/"/>');
  });

  it('escapes names and notes', () => {
    const xml = renderAtomFeed('https://aq.example.it', [entry]);
    expect(xml).toContain('Revocato: Rossi &amp; Figli &lt;S.r.l.&gt; (AQ-2026-000007)');
    expect(xml).toContain('Nota: Chiamate senza consenso &lt;b&gt;documentate&lt;/b&gt;');
    expect(xml).not.toContain('<b>');
  });

  it('is valid without entries, with a fixed updated instant', () => {
    expect(renderAtomFeed('http://localhost:3000', [])).toContain('<updated>1970-01-01T00:00:00.000Z</updated>');
  });
});
