import { EVENT_LABELS, REASON_LABELS, STATUS_LABELS } from '@app/registry';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDate, languageOf, messageKeys, translate, translateCount, UnknownMessageError } from './i18n';
import { findTemplatesFolder } from './page-renderer';

function templateSources(): string[] {
  const folder = findTemplatesFolder();
  return ['layouts', 'partials', 'pages'].flatMap((sub) =>
    readdirSync(join(folder, sub))
      .filter((file) => file.endsWith('.hbs'))
      .map((file) => readFileSync(join(folder, sub, file), 'utf8')),
  );
}

describe('page texts', () => {
  it('have every key the templates use, in both languages', () => {
    const used = new Set<string>();
    for (const source of templateSources()) {
      for (const match of source.matchAll(/[({]t(?:link)? "([^"]+)"(?: link="([^"]+)")?/g)) {
        used.add(match[1]);
        if (match[2]) used.add(match[2]);
      }
    }
    for (const source of templateSources()) for (const [, key] of source.matchAll(/[({]tn "([^"]+)"/g)) used.add(`${key}.one`).add(`${key}.other`);
    expect(used.size).toBeGreaterThan(40);
    for (const key of used) {
      expect(() => translate('it', key)).not.toThrow();
      expect(() => translate('en', key)).not.toThrow();
    }
  });

  it('agree between languages on keys and placeholders', () => {
    expect(messageKeys('en').sort()).toEqual(messageKeys('it').sort());
    const placeholders = (text: string) => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]).sort();
    for (const key of messageKeys('it')) {
      expect({ key, en: placeholders(translate('en', key)) }).toEqual({ key, en: placeholders(translate('it', key)) });
    }
  });

  it('name every status, event and reason', () => {
    for (const language of ['it', 'en'] as const) {
      for (const status of Object.keys(STATUS_LABELS.it)) expect(translate(language, `status.${status}`)).toBe(STATUS_LABELS[language][status as keyof typeof STATUS_LABELS.it]);
      for (const kind of Object.keys(EVENT_LABELS.it)) expect(translate(language, `event.${kind}`)).not.toBe('');
      for (const reason of Object.keys(REASON_LABELS.it)) expect(translate(language, `reason.${reason}`)).not.toBe('');
    }
  });

  it('fill placeholders and refuse an unknown key', () => {
    expect(translate('it', 'pagination.current', { page: 3 })).toBe('Pagina 3');
    expect(translate('en', 'pagination.current', { page: 3 })).toBe('Page 3');
    expect(() => translate('it', 'no.such.key')).toThrow(UnknownMessageError);
  });

  it('say counts in the form the number takes', () => {
    expect(translateCount('it', 'admin.ws.home.checklist.count', 1)).toBe('1 versione pubblicata');
    expect(translateCount('it', 'admin.ws.home.checklist.count', 3)).toBe('3 versioni pubblicate');
    expect(translateCount('it', 'admin.ws.home.checklist.count', 0)).toBe('0 versioni pubblicate');
    expect(translateCount('en', 'admin.ws.home.checklist.count', 1)).toBe('1 version published');
    // Every text with a singular has its plural, and the other way round.
    for (const key of messageKeys('it')) {
      if (key.endsWith('.one')) expect(messageKeys('it')).toContain(`${key.slice(0, -4)}.other`);
      if (key.endsWith('.other') && messageKeys('it').includes(`${key.slice(0, -6)}.one`) === false && /\{count\}/.test(translate('it', key))) throw new Error(`${key} has no singular`);
    }
  });

  it('speak Italian unless English is asked for exactly', () => {
    expect([languageOf('en'), languageOf('it'), languageOf(undefined), languageOf(['en']), languageOf('EN')]).toEqual(['en', 'it', 'it', 'it', 'it']);
  });

  it('write dates on the calendar of Rome', () => {
    const lateEvening = new Date('2026-03-05T23:30:00Z');
    expect(formatDate('it', lateEvening)).toBe('06/03/2026');
    expect(formatDate('en', lateEvening)).toBe('6 March 2026');
  });
});
