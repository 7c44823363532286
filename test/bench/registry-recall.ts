/**
 * Misspelt registry searches, generated from firms' names the way people mistype them, with the firm
 * each one means: the recall set of `npm run bench:registry` (over the benchmark's 100,000 firms) and of
 * the e2e tests (over a few thousand). Seeded, so every run asks the same questions.
 *
 * Every word of the name that is not the legal form or a number gets one or two edits: a letter
 * dropped, doubled, swapped with the next, or changed into another; c written k (and k, ch, q written
 * c), z written s (and s written z), an accent missing or written as an apostrophe. Then, in some
 * queries, the words come in another order; the legal form is written one of the ways people write
 * it, or left out; and the case is whatever the typist's was.
 */

export interface RecallQuery {
  /** The firm meant: its index in the dataset. */
  readonly firm: number;
  /** Its name as registered. */
  readonly name: string;
  /** What was typed. */
  readonly query: string;
}

/** How a query did: the 1-based position of the firm meant among the answers, null when absent. */
export interface RecallOutcome {
  readonly query: RecallQuery;
  readonly position: number | null;
}

/** The answers that must hold the firm meant. */
export const RECALL_TOP = 5;

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each legal form as people write it; '' leaves it out. */
const LEGAL_FORMS: Readonly<Record<string, readonly string[]>> = {
  'S.r.l.': ['S.r.l.', 'srl', 'SRL', 'Srl', 's.r.l', 'S.R.L.', 's r l', 'S. r. l.', ''],
  'S.p.A.': ['S.p.A.', 'spa', 'SpA', 'S.P.A.', 's.p.a.', 'S.p.a', 's p a', ''],
  'S.n.c.': ['S.n.c.', 'snc', 'SNC', 's.n.c.', 'Snc', 's n c', ''],
  'S.a.s.': ['S.a.s.', 'sas', 'SAS', 's.a.s.', 'Sas', 's a s', ''],
  'Soc. Coop.': ['Soc. Coop.', 'soc coop', 'Società Cooperativa', 'societa cooperativa', 'soc. coop.', 'Coop', ''],
};

const LETTERS = 'abcdefghilmnopqrstuvz';
const ACCENTED: Readonly<Record<string, string>> = { à: 'a', è: 'e', é: 'e', ì: 'i', ò: 'o', ù: 'u' };

type Edit = (word: string, random: () => number) => string | null;

const letterPositions = (word: string): number[] => [...word].flatMap((character, index) => (/\p{L}/u.test(character) ? [index] : []));
const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)];

/** Each edit returns null where it does not apply (no such letter), so that another is drawn. */
const EDITS: readonly Edit[] = [
  function dropped(word, random) {
    const positions = letterPositions(word);
    if (positions.length < 3) return null;
    const at = pick(positions, random);
    return word.slice(0, at) + word.slice(at + 1);
  },
  function doubled(word, random) {
    const at = pick(letterPositions(word), random);
    return word.slice(0, at + 1) + word.slice(at);
  },
  function swapped(word, random) {
    const positions = letterPositions(word).filter((at) => at + 1 < word.length && /\p{L}/u.test(word[at + 1]) && word[at] !== word[at + 1]);
    if (positions.length === 0) return null;
    const at = pick(positions, random);
    return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  },
  function substituted(word, random) {
    const at = pick(letterPositions(word), random);
    const replacement = pick([...LETTERS].filter((letter) => letter !== word[at].toLowerCase()), random);
    return word.slice(0, at) + replacement + word.slice(at + 1);
  },
  function cWrittenK(word, random) {
    const positions = [...word.matchAll(/ch|c|k|q/gi)];
    if (positions.length === 0) return null;
    const found = pick(positions, random);
    const replacement = ['c', 'ch'].includes(found[0].toLowerCase()) ? 'k' : 'c';
    return word.slice(0, found.index) + replacement + word.slice(found.index + found[0].length);
  },
  function zWrittenS(word, random) {
    const positions = [...word.matchAll(/z|s/gi)];
    if (positions.length === 0) return null;
    const found = pick(positions, random);
    return word.slice(0, found.index) + (found[0].toLowerCase() === 'z' ? 's' : 'z') + word.slice(found.index + 1);
  },
  function accentMissing(word, random) {
    const found = [...word].findIndex((character) => ACCENTED[character] !== undefined);
    if (found < 0) return null;
    return word.slice(0, found) + ACCENTED[word[found]] + (random() < 0.5 ? "'" : '') + word.slice(found + 1);
  },
];

function misspelt(word: string, random: () => number): string {
  let result = word;
  const edits = random() < 0.6 ? 1 : 2;
  for (let done = 0; done < edits; ) {
    const edited = pick(EDITS, random)(result, random);
    if (edited !== null && edited !== result) {
      result = edited;
      done += 1;
    }
  }
  return result;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

function typed(text: string, random: () => number): string {
  const roll = random();
  return roll < 0.5 ? text.toLowerCase() : roll < 0.6 ? text.toUpperCase() : text;
}

/** One misspelt query for a name "<words> <legal form>". */
export function misspeltQuery(name: string, random: () => number): string {
  const form = Object.keys(LEGAL_FORMS).find((candidate) => name.endsWith(` ${candidate}`));
  const words = (form === undefined ? name : name.slice(0, -form.length - 1)).split(' ');
  let edited = words.map((word) => (/^[0-9]+$/.test(word) ? word : misspelt(word, random)));
  if (random() < 0.3) edited = shuffled(edited, random);
  const writtenForm = form === undefined ? '' : pick(LEGAL_FORMS[form], random);
  return typed([...edited, writtenForm].filter((part) => part !== '').join(' '), random);
}

/** `count` queries, each for a firm drawn from `firms` (indexes), named by `nameOf`. */
export function recallQueries(firms: readonly number[], nameOf: (firm: number) => string, count: number, seed: number): RecallQuery[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const firm = pick(firms, random);
    const name = nameOf(firm);
    return { firm, name, query: misspeltQuery(name, random) };
  });
}

/** The share of outcomes with the firm meant among the first RECALL_TOP answers. */
export function recallOf(outcomes: readonly RecallOutcome[]): number {
  return outcomes.filter((outcome) => outcome.position !== null && outcome.position <= RECALL_TOP).length / outcomes.length;
}
