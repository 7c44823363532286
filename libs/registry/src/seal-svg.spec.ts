import { helveticaWidth, renderSealSvg, renderUnlistedSealSvg, sealEmbedHtml } from './seal-svg';
import { escapeXml } from './xml';

const view = { legalName: 'Contact Italia S.r.l.', checkedAt: new Date('2026-11-24T10:00:00Z'), firmPageUrl: 'https://aq.example.it/registro/00488410010', language: 'it' as const };

describe('the live seal', () => {
  it('says the status in words, with the day it was checked, linking to the firm page', () => {
    const words = (['active', 'suspended', 'revoked', 'expired'] as const).map((status) => />(VALIDO|SOSPESO|REVOCATO|SCADUTO)</.exec(renderSealSvg({ ...view, status }))?.[1]);
    expect(words).toEqual(['VALIDO', 'SOSPESO', 'REVOCATO', 'SCADUTO']);
    const svg = renderSealSvg({ ...view, status: 'active' });
    expect(svg).toContain('Verificato il 24/11/2026');
    expect(svg).toContain('<a href="https://aq.example.it/registro/00488410010"');
    expect(svg).toContain('<title>');
  });

  it('speaks English when asked, dates included', () => {
    const words = (['active', 'suspended', 'revoked', 'expired'] as const).map((status) => />(VALID|SUSPENDED|REVOKED|EXPIRED)</.exec(renderSealSvg({ ...view, status, language: 'en' }))?.[1]);
    expect(words).toEqual(['VALID', 'SUSPENDED', 'REVOKED', 'EXPIRED']);
    const svg = renderSealSvg({ ...view, status: 'active', language: 'en' });
    expect(svg).toContain('>Checked on 24 November 2026</text>');
    expect(svg).toContain('>AZIENDA QUALIFICATA · BLUE SEAL</text>');
  });

  it('gives every line its Helvetica width, never wider than the badge, so that no viewer clips it', () => {
    const svg = renderSealSvg({ ...view, legalName: 'WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW', status: 'suspended' });
    const lengths = [...svg.matchAll(/textLength="([0-9.]+)"/g)].map((match) => Number(match[1]));
    expect(lengths).toHaveLength(4);
    for (const length of lengths) expect(length).toBeLessThanOrEqual(260 - 28);
    expect(/font-size="([0-9.]+)"[^>]*>WWW/.exec(svg)?.[1]).toBe('8');
  });

  it('measures text with Helvetica metrics, accents as their letters', () => {
    expect(helveticaWidth('A', 10, 'regular')).toBeCloseTo(6.67);
    expect(helveticaWidth('À', 10, 'regular')).toBeCloseTo(6.67);
    expect(helveticaWidth('AB', 10, 'bold', 1)).toBeCloseTo(16.44);
  });

  it('says in an image too that a VAT number is not in the registry, repeating it only when it is one', () => {
    const unlisted = { vatNumber: '01234567897', checkedAt: view.checkedAt, registryUrl: 'https://aq.example.it/registro' };
    const italian = renderUnlistedSealSvg({ ...unlisted, language: 'it' });
    expect(italian).toContain('>NON PRESENTE NEL REGISTRO</text>');
    expect(italian).toContain('>Partita IVA 01234567897</text>');
    expect(italian).toContain('aria-label="Azienda Qualificata: la Partita IVA 01234567897 non è presente nel registro del bollino blu. Verificato il 24/11/2026."');
    const english = renderUnlistedSealSvg({ ...unlisted, vatNumber: null, language: 'en' });
    expect(english).toContain('>NOT IN THE REGISTER</text>');
    expect(english).toContain('aria-label="Azienda Qualificata: this firm is not in the blue seal register. Checked on 24 November 2026."');
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

  it('describes the embedded seal in the language of the page', () => {
    const html = sealEmbedHtml({ legalName: 'Rossi S.r.l.', sealUrl: 'https://aq.example.it/seal/00488410010.svg?lang=en', firmPageUrl: 'https://aq.example.it/registro/00488410010?lang=en', language: 'en' });
    expect(html).toContain('alt="Azienda Qualificata: blue seal status of Rossi S.r.l."');
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
