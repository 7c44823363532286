import { pageHref, PageRenderer, UnknownPageError } from './page-renderer';

describe('the page renderer', () => {
  const renderer = new PageRenderer();
  const request = { language: 'it' as const, path: '/registro', query: { q: 'rossi & figli' } };

  it('wraps a page in the accessible layout, in the visitor language', () => {
    const html = renderer.render('error', request, 'Titolo', { heading: 'Titolo', text: 'Testo' });
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="it">/);
    expect(html).toContain('<a class="skip-link" href="#contenuto">Vai al contenuto</a>');
    expect(html).toContain('<main id="contenuto" tabindex="-1">');
    expect(html).toContain('<nav aria-label="Sezioni del sito">');
    expect(html).toContain('<a href="/registro" aria-current="page">Registro</a>');
    expect(html).toContain('<a class="lang-switch" href="/registro?q&#x3D;rossi+%26+figli&amp;lang&#x3D;en" hreflang="en" lang="en">English</a>');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toContain('<script');
  });

  it('escapes every value it is given', () => {
    const html = renderer.render('error', request, '<b>x</b>', { heading: '<script>alert(1)</script>', text: '"quoted" & <i>' });
    expect(html).toContain('<title>&lt;b&gt;x&lt;/b&gt; · Azienda Qualificata</title>');
    expect(html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('<p>&quot;quoted&quot; &amp; &lt;i&gt;</p>');
  });

  it('refuses a page it has no template for', () => {
    expect(() => renderer.render('nothing-here', request, 't', {})).toThrow(UnknownPageError);
  });

  it('builds links that keep the language and drop empty parameters', () => {
    expect(pageHref('/registro', { q: 'a b', stato: '', pagina: 2, provincia: null }, 'it')).toBe('/registro?q=a+b&pagina=2');
    expect(pageHref('/verifica/AQ-2026-000001', {}, 'en')).toBe('/verifica/AQ-2026-000001?lang=en');
  });
});
