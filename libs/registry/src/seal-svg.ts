import { formatItalianDate, ITALIAN_TIME_ZONE } from '@app/core';
import type { RatingStatus } from '@app/ratings';
import type { Language } from '@app/core';
import { escapeXml } from './xml';

export interface SealView {
  readonly legalName: string;
  readonly status: RatingStatus;
  /** The day the status was read, in Rome. */
  readonly checkedAt: Date;
  /** Absolute address of the firm's registry page, which the seal links to. */
  readonly firmPageUrl: string;
  readonly language: Language;
}

/** What a seal for a VAT number the registry does not list shows instead of a status. */
export interface UnlistedSealView {
  /** The VAT number asked for, when it is one (11 digits); otherwise nothing is repeated back. */
  readonly vatNumber: string | null;
  readonly checkedAt: Date;
  /** Absolute address of the registry's search, which the seal links to. */
  readonly registryUrl: string;
  readonly language: Language;
}

const SEAL_TEXTS = {
  it: {
    title: 'AZIENDA QUALIFICATA · BOLLINO BLU',
    words: { active: 'VALIDO', suspended: 'SOSPESO', revoked: 'REVOCATO', expired: 'SCADUTO' },
    unlisted: 'NON PRESENTE NEL REGISTRO',
    checked: (date: Date) => `Verificato il ${formatItalianDate(date)}`,
    vatNumber: (vatNumber: string) => `Partita IVA ${vatNumber}`,
    label: (name: string, word: string) => `Azienda Qualificata, bollino blu di ${name}: ${word}.`,
    unlistedLabel: (vatNumber: string | null) =>
      `Azienda Qualificata: ${vatNumber === null ? 'questa azienda' : `la Partita IVA ${vatNumber}`} non è presente nel registro del bollino blu.`,
    embedAlt: (name: string) => `Azienda Qualificata: stato del bollino blu di ${name}`,
  },
  en: {
    title: 'AZIENDA QUALIFICATA · BLUE SEAL',
    words: { active: 'VALID', suspended: 'SUSPENDED', revoked: 'REVOKED', expired: 'EXPIRED' },
    unlisted: 'NOT IN THE REGISTER',
    checked: (date: Date) => `Checked on ${englishDate.format(date)}`,
    vatNumber: (vatNumber: string) => `VAT number ${vatNumber}`,
    label: (name: string, word: string) => `Azienda Qualificata, blue seal of ${name}: ${word}.`,
    unlistedLabel: (vatNumber: string | null) => `Azienda Qualificata: ${vatNumber === null ? 'this firm' : `VAT number ${vatNumber}`} is not in the blue seal register.`,
    embedAlt: (name: string) => `Azienda Qualificata: blue seal status of ${name}`,
  },
} as const;

const englishDate = new Intl.DateTimeFormat('en-GB', { timeZone: ITALIAN_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** Dark text on a light band, or white on a dark one: every pair has a contrast ratio of at least 7:1. */
const SEAL_COLOURS: { readonly [S in RatingStatus | 'unlisted']: { readonly band: string; readonly text: string } } = {
  active: { band: '#0d5c2e', text: '#ffffff' },
  suspended: { band: '#fcd34d', text: '#3b2a00' },
  revoked: { band: '#9b1c1c', text: '#ffffff' },
  expired: { band: '#4b5563', text: '#ffffff' },
  unlisted: { band: '#4b5563', text: '#ffffff' },
};

const NAME_MAX_CHARACTERS = 38;

export const SEAL_WIDTH = 260;
export const SEAL_HEIGHT = 96;
/** Every text stays this far inside the badge's border. */
const SEAL_PADDING = 14;
const TEXT_WIDTH = SEAL_WIDTH - 2 * SEAL_PADDING;
const FONT_FAMILY = 'Helvetica, Arial, sans-serif';

/**
 * Advance widths of Helvetica (and of Arial and Liberation Sans, which share its metrics) in
 * thousandths of the font size, regular and bold, for the printable ASCII characters from the space
 * (Adobe's Helvetica AFM). A letter with an accent is as wide as the letter.
 */
const HELVETICA_WIDTHS = {
  regular: [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667,
    667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500,
    556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
  ],
  bold: [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722,
    722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556,
    611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
  ],
} as const;
/** Characters outside printable ASCII: a few common ones, and the widest letter's width for any other (never an underestimate). */
const OTHER_WIDTHS: Readonly<Record<string, number>> = { '·': 278, '…': 1000, '’': 222, '‘': 222, '“': 333, '”': 333, '–': 556, '—': 1000, '€': 556 };
const WIDEST = 1000;

/** The width of a text set in Helvetica at `fontSize` px, with `letterSpacing` px after each character. */
export function helveticaWidth(text: string, fontSize: number, weight: 'regular' | 'bold', letterSpacing = 0): number {
  let thousandths = 0;
  let characters = 0;
  for (const character of text) {
    characters += 1;
    const base = character.normalize('NFD').replace(/\p{M}/gu, '');
    const code = base.length === 1 ? base.charCodeAt(0) : -1;
    thousandths += code >= 32 && code <= 126 ? HELVETICA_WIDTHS[weight][code - 32] : (OTHER_WIDTHS[character] ?? WIDEST);
  }
  return (thousandths * fontSize) / 1000 + letterSpacing * characters;
}

interface TextStyle {
  readonly fontSize: number;
  /** The smallest size the text may shrink to before it is squeezed instead. */
  readonly minFontSize: number;
  readonly weight: 'regular' | 'bold';
  readonly letterSpacing: number;
}

/**
 * One centred line that fits TEXT_WIDTH: set smaller when it would not fit at its size, and always
 * given its Helvetica width as `textLength`, so that a viewer without Helvetica or Arial, whose
 * fallback font is wider, still draws it within the badge (squeezed a little) rather than clipped.
 */
function centredLine(text: string, y: number, style: TextStyle, fill: string): string {
  let fontSize = style.fontSize;
  const natural = helveticaWidth(text, fontSize, style.weight, style.letterSpacing);
  if (natural > TEXT_WIDTH) fontSize = Math.max(style.minFontSize, Math.floor((fontSize * TEXT_WIDTH * 10) / natural) / 10);
  const width = Math.min(TEXT_WIDTH, helveticaWidth(text, fontSize, style.weight, style.letterSpacing));
  const weight = style.weight === 'bold' ? ' font-weight="700"' : '';
  const spacing = style.letterSpacing > 0 ? ` letter-spacing="${style.letterSpacing}"` : '';
  return `<text x="${SEAL_WIDTH / 2}" y="${y}" text-anchor="middle" font-family="${FONT_FAMILY}" font-size="${fontSize}"${weight}${spacing} textLength="${width.toFixed(1)}" lengthAdjust="spacingAndGlyphs" fill="${fill}">${escapeXml(text)}</text>`;
}

const TITLE_STYLE: TextStyle = { fontSize: 11, minFontSize: 8, weight: 'bold', letterSpacing: 0.5 };
const WORD_STYLE: TextStyle = { fontSize: 17, minFontSize: 11, weight: 'bold', letterSpacing: 2 };
const NAME_STYLE: TextStyle = { fontSize: 11, minFontSize: 8, weight: 'regular', letterSpacing: 0 };
const CHECKED_STYLE: TextStyle = { fontSize: 10, minFontSize: 8, weight: 'regular', letterSpacing: 0 };

function shortened(name: string): string {
  const characters = [...name.trim()];
  return characters.length <= NAME_MAX_CHARACTERS ? characters.join('') : `${characters.slice(0, NAME_MAX_CHARACTERS - 1).join('').trimEnd()}…`;
}

/** The badge: a header with the title, a coloured band with the word, and two lines under it, all linking to `href`. */
function badge(language: Language, label: string, href: string, colours: { readonly band: string; readonly text: string }, word: string, lines: readonly [string, string]): string {
  const texts = SEAL_TEXTS[language];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SEAL_WIDTH}" height="${SEAL_HEIGHT}" viewBox="0 0 ${SEAL_WIDTH} ${SEAL_HEIGHT}" role="img" aria-label="${escapeXml(label)}" lang="${language}">
<title>${escapeXml(label)}</title>
<a href="${escapeXml(href)}" target="_top">
<rect x="0.5" y="0.5" width="${SEAL_WIDTH - 1}" height="${SEAL_HEIGHT - 1}" rx="10" fill="#ffffff" stroke="#0d2b5e"/>
<path d="M0.5 10.5a10 10 0 0 1 10-10h${SEAL_WIDTH - 21}a10 10 0 0 1 10 10v17.5h-${SEAL_WIDTH - 1}z" fill="#0d2b5e"/>
${centredLine(texts.title, 19, TITLE_STYLE, '#ffffff')}
<rect x="10" y="34" width="${SEAL_WIDTH - 20}" height="26" rx="4" fill="${colours.band}"/>
${centredLine(word, 53, WORD_STYLE, colours.text)}
${centredLine(lines[0], 75, NAME_STYLE, '#1f2937')}
${centredLine(lines[1], 89, CHECKED_STYLE, '#374151')}
</a>
</svg>
`;
}

/**
 * The live seal a firm shows on its website: the status in words (never colour alone), the firm's
 * name, the day it was checked, all linking to the firm's registry page. Every text is XML-escaped
 * and fits inside the badge, whatever the name, the status and the language.
 */
export function renderSealSvg(view: SealView): string {
  const texts = SEAL_TEXTS[view.language];
  const word = texts.words[view.status];
  const checked = texts.checked(view.checkedAt);
  return badge(view.language, `${texts.label(view.legalName, word)} ${checked}.`, view.firmPageUrl, SEAL_COLOURS[view.status], word, [shortened(view.legalName), checked]);
}

/**
 * The seal for a VAT number the registry does not list. Firms embed the seal with `<img>`, so this
 * too is an image (served with status 404): a page showing it says plainly that the firm is not listed.
 */
export function renderUnlistedSealSvg(view: UnlistedSealView): string {
  const texts = SEAL_TEXTS[view.language];
  const checked = texts.checked(view.checkedAt);
  const line = view.vatNumber === null ? '' : texts.vatNumber(view.vatNumber);
  return badge(view.language, `${texts.unlistedLabel(view.vatNumber)} ${checked}.`, view.registryUrl, SEAL_COLOURS.unlisted, texts.unlisted, [line, checked]);
}

/** What a firm pastes into its website: the seal, linking to its registry page, described in the page's language. */
export function sealEmbedHtml(view: { readonly legalName: string; readonly sealUrl: string; readonly firmPageUrl: string; readonly language?: Language }): string {
  const alt = escapeXml(SEAL_TEXTS[view.language ?? 'it'].embedAlt(view.legalName));
  return `<a href="${escapeXml(view.firmPageUrl)}"><img src="${escapeXml(view.sealUrl)}" width="${SEAL_WIDTH}" height="${SEAL_HEIGHT}" alt="${alt}"></a>`;
}
