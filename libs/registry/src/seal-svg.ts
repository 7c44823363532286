import { formatItalianDate } from '@app/core';
import type { RatingStatus } from '@app/ratings';
import { escapeXml } from './xml';

export interface SealView {
  readonly legalName: string;
  readonly status: RatingStatus;
  /** The day the status was read, in Rome. */
  readonly checkedAt: Date;
  /** Absolute address of the firm's registry page, which the seal links to. */
  readonly firmPageUrl: string;
}

const SEAL_WORDS: { readonly [S in RatingStatus]: string } = {
  active: 'VALIDO',
  suspended: 'SOSPESO',
  revoked: 'REVOCATO',
  expired: 'SCADUTO',
};

/** Dark text on a light band, or white on a dark one: every pair has a contrast ratio of at least 7:1. */
const SEAL_COLOURS: { readonly [S in RatingStatus]: { readonly band: string; readonly text: string } } = {
  active: { band: '#0d5c2e', text: '#ffffff' },
  suspended: { band: '#fcd34d', text: '#3b2a00' },
  revoked: { band: '#9b1c1c', text: '#ffffff' },
  expired: { band: '#4b5563', text: '#ffffff' },
};

const NAME_MAX_CHARACTERS = 38;

export const SEAL_WIDTH = 260;
export const SEAL_HEIGHT = 96;

function shortened(name: string): string {
  const characters = [...name.trim()];
  return characters.length <= NAME_MAX_CHARACTERS ? characters.join('') : `${characters.slice(0, NAME_MAX_CHARACTERS - 1).join('').trimEnd()}…`;
}

/**
 * The live seal a firm shows on its website: the status in words (never colour alone), the firm's
 * name, the day it was checked, all linking to the firm's registry page. Every text is XML-escaped.
 */
export function renderSealSvg(view: SealView): string {
  const word = SEAL_WORDS[view.status];
  const colours = SEAL_COLOURS[view.status];
  const name = escapeXml(shortened(view.legalName));
  const checked = `Verificato il ${formatItalianDate(view.checkedAt)}`;
  const label = escapeXml(`Azienda Qualificata, bollino blu di ${view.legalName}: ${word}. ${checked}.`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SEAL_WIDTH}" height="${SEAL_HEIGHT}" viewBox="0 0 ${SEAL_WIDTH} ${SEAL_HEIGHT}" role="img" aria-label="${label}">
<title>${label}</title>
<a href="${escapeXml(view.firmPageUrl)}" target="_top">
<rect x="0.5" y="0.5" width="${SEAL_WIDTH - 1}" height="${SEAL_HEIGHT - 1}" rx="10" fill="#ffffff" stroke="#0d2b5e"/>
<path d="M0.5 10.5a10 10 0 0 1 10-10h${SEAL_WIDTH - 21}a10 10 0 0 1 10 10v17.5h-${SEAL_WIDTH - 1}z" fill="#0d2b5e"/>
<text x="${SEAL_WIDTH / 2}" y="19" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="12" font-weight="700" letter-spacing="1" fill="#ffffff">AZIENDA QUALIFICATA · BOLLINO BLU</text>
<rect x="10" y="34" width="${SEAL_WIDTH - 20}" height="26" rx="4" fill="${colours.band}"/>
<text x="${SEAL_WIDTH / 2}" y="53" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="17" font-weight="700" letter-spacing="2" fill="${colours.text}">${word}</text>
<text x="${SEAL_WIDTH / 2}" y="75" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="11" fill="#1f2937">${name}</text>
<text x="${SEAL_WIDTH / 2}" y="89" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="10" fill="#374151">${escapeXml(checked)}</text>
</a>
</svg>
`;
}

/** What a firm pastes into its website: the seal, linking to its registry page. */
export function sealEmbedHtml(view: { readonly legalName: string; readonly sealUrl: string; readonly firmPageUrl: string }): string {
  const alt = escapeXml(`Azienda Qualificata: stato del bollino blu di ${view.legalName}`);
  return `<a href="${escapeXml(view.firmPageUrl)}"><img src="${escapeXml(view.sealUrl)}" width="${SEAL_WIDTH}" height="${SEAL_HEIGHT}" alt="${alt}"></a>`;
}
