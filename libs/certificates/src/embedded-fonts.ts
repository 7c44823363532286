import { readFileSync } from 'node:fs';

interface FontFile {
  readonly family: string;
  readonly packageName: string;
  readonly file: string;
  readonly weight: number;
  readonly style: 'normal' | 'italic';
}

const FONT_FILES: readonly FontFile[] = [
  { family: 'Source Serif 4', packageName: '@fontsource/source-serif-4', file: 'source-serif-4-latin-400-normal.woff2', weight: 400, style: 'normal' },
  { family: 'Source Serif 4', packageName: '@fontsource/source-serif-4', file: 'source-serif-4-latin-400-italic.woff2', weight: 400, style: 'italic' },
  { family: 'Source Serif 4', packageName: '@fontsource/source-serif-4', file: 'source-serif-4-latin-600-normal.woff2', weight: 600, style: 'normal' },
  { family: 'Source Serif 4', packageName: '@fontsource/source-serif-4', file: 'source-serif-4-latin-700-normal.woff2', weight: 700, style: 'normal' },
  { family: 'Source Sans 3', packageName: '@fontsource/source-sans-3', file: 'source-sans-3-latin-400-normal.woff2', weight: 400, style: 'normal' },
  { family: 'Source Sans 3', packageName: '@fontsource/source-sans-3', file: 'source-sans-3-latin-400-italic.woff2', weight: 400, style: 'italic' },
  { family: 'Source Sans 3', packageName: '@fontsource/source-sans-3', file: 'source-sans-3-latin-600-normal.woff2', weight: 600, style: 'normal' },
];

/** Fontsource's unicode-range of the latin subset: other characters fall back to the system fonts. */
const LATIN_UNICODE_RANGE =
  'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';

/**
 * `@font-face` rules with the installed woff2 files inlined as data URIs: the renderer refuses every
 * request that is not a data URI, so the fonts travel inside the HTML.
 */
export function embeddedFontFaces(): string {
  return FONT_FILES.map((font) => {
    const bytes = readFileSync(require.resolve(`${font.packageName}/files/${font.file}`));
    return [
      '@font-face {',
      `  font-family: '${font.family}';`,
      `  font-style: ${font.style};`,
      `  font-weight: ${font.weight};`,
      '  font-display: block;',
      `  src: url(data:font/woff2;base64,${bytes.toString('base64')}) format('woff2');`,
      `  unicode-range: ${LATIN_UNICODE_RANGE};`,
      '}',
    ].join('\n');
  }).join('\n');
}
