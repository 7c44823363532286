import { REPORT_KINDS } from '@app/reports';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTemplatesFolder } from '../pages/page-renderer';
import { kindLabel, REPORT_PAGE_TEXTS, reportTexts, statusLabel } from './report-pages.i18n';

describe('report page texts', () => {
  it('have every text the report templates use', () => {
    const folder = join(findTemplatesFolder(), 'pages');
    const used = new Set<string>();
    for (const file of readdirSync(folder).filter((name) => name.startsWith('report-'))) {
      for (const match of readFileSync(join(folder, file), 'utf8').matchAll(/\btext\.([A-Za-z]+)/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(30);
    for (const key of used) expect(Object.keys(REPORT_PAGE_TEXTS.it)).toContain(key);
  });

  it('agree between languages on placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]).sort();
    for (const [key, italian] of Object.entries(REPORT_PAGE_TEXTS.it)) {
      expect({ key, en: placeholders(REPORT_PAGE_TEXTS.en[key as keyof typeof REPORT_PAGE_TEXTS.en]) }).toEqual({ key, en: placeholders(italian) });
    }
  });

  it('fill the shared placeholders and name every kind and status', () => {
    const texts = reportTexts('it', 12);
    expect(texts.formPrivacy).toContain('dopo 12 mesi');
    expect(texts.descriptionHint).toContain('2000');
    for (const kind of REPORT_KINDS) expect(kindLabel(texts, kind)).not.toBe('');
    expect(statusLabel(texts, 'forwarded_to_firm', 'open')).toBe("Inoltrata all'azienda, in attesa della risposta");
    expect(statusLabel(texts, 'closed', 'substantiated')).toBe('Chiusa: la segnalazione è fondata');
    expect(statusLabel(reportTexts('en', 12), 'dismissed', 'dismissed')).toBe('Dismissed: the report is not admissible');
  });

  it('read as Italian: no "in al massimo", dates as people in Italy write them', () => {
    const texts = reportTexts('it', 12);
    expect(texts.errorDescription).toBe('Descrivi la chiamata: al massimo 2000 caratteri.');
    for (const text of Object.values(texts)) expect(text).not.toMatch(/in al massimo|\b20[0-9]{2}-[0-9]{2}-[0-9]{2}\b/);
    expect(texts.dayHint).toBe('Ad esempio 20/11/2026.');
  });
});
