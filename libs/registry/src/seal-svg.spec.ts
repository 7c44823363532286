import { renderSealSvg, sealEmbedHtml } from './seal-svg';
import { escapeXml } from './xml';

const view = { legalName: 'Contact Italia S.r.l.', checkedAt: new Date('2026-11-24T10:00:00Z'), firmPageUrl: 'https://aq.example.it/registro/00488410010' };

describe('the live seal', () => {
  it('says the status in words, with the day it was checked, linking to the firm page', () => {
    const words = (['active', 'suspended', 'revoked', 'expired'] as const).map((status) => />(VALIDO|SOSPESO|REVOCATO|SCADUTO)</.exec(renderSealSvg({ ...view, status }))?.[1]);
    expect(words).toEqual(['VALIDO', 'SOSPESO', 'REVOCATO', 'SCADUTO']);
    const svg = renderSealSvg({ ...view, status: 'active' });
    expect(svg).toContain('Verificato il 24/11/2026');
    expect(svg).toContain('<a href="https://aq.example.it/registro/00488410010"');
    expect(svg).toContain('<title>');
  });

  it('escapes the firm name, so markup in it stays text', () => {
    const svg = renderSealSvg({ ...view, legalName: '<script>alert("x")</script> & Figli', status: 'revoked' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Figli');
  });

  it('shortens a long name without cutting a character in half', () => {
    const svg = renderSealSvg({ ...view, legalName: `${'\u{1F600}'.repeat(37)}Società`, status: 'active' });
    expect(svg).toContain(`>${'\u{1F600}'.repeat(37)}…</text>`);
    expect(renderSealSvg({ ...view, legalName: 'Breve S.r.l.', status: 'active' })).toContain('>Breve S.r.l.</text>');
  });

  it('gives an embed snippet whose attributes are escaped', () => {
    const html = sealEmbedHtml({ legalName: 'A "B" & C', sealUrl: 'https://aq.example.it/seal/00488410010.svg', firmPageUrl: 'https://aq.example.it/registro/00488410010' });
    expect(html).toBe(
      '<a href="https://aq.example.it/registro/00488410010"><img src="https://aq.example.it/seal/00488410010.svg" width="260" height="96" alt="Azienda Qualificata: stato del bollino blu di A &quot;B&quot; &amp; C"></a>',
    );
  });
});

describe('XML escaping', () => {
  it('escapes the five special characters and drops characters XML forbids', () => {
    expect(escapeXml(`<a b="c" d='e'>&</a>\u0000\u0007\tok\n`)).toBe('&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;&lt;/a&gt;\tok\n');
  });
});
