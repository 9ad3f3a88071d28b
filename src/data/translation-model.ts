/**
 * A small conditional language model for the beam-search tree: P(next token | source x, target prefix),
 * written by hand as a table so that every number on the page can be traced. No network was trained;
 * the table plays the part of the decoder's softmax in the course's French → English example.
 *
 * How it was made (and what each part is for):
 * - One shared English vocabulary of 20 tokens plus the end token `</s>`, two French source sentences.
 * - One row per reachable prefix (the key is the prefix's tokens joined by spaces; '' is the start).
 *   A row lists the few likely next tokens as **integers in thousandths** that sum to exactly 1000, so a
 *   test checks "every row sums to 1" exactly. Every other token gets probability 0: a real softmax never
 *   gives 0, but rounding the long tail away keeps the tree small enough to draw and to search
 *   exhaustively (every path ends with `</s>` within 10 tokens).
 * - Source 1, "Jane visite l'Afrique en septembre" (the course's example), is tuned so that
 *     • greedy search (B = 1) goes "Jane is going to be visiting Africa in September </s>"
 *       (each word the locally likeliest), P ≈ 0.0314;
 *     • B = 3 with α = 0.7 finds "Jane is visiting Africa in September </s>", P ≈ 0.130, which is also the
 *       exhaustive best: greedy loses;
 *     • with α = 0 (no length normalisation) the winner is the short, worse "Jane visits Africa </s>"
 *       (P ≈ 0.194, it drops "in September"); α = 0.7 prefers the longer, better sentence.
 * - Source 2, "Jane a visité l'Afrique l'an dernier", is tuned so that B = 2 loses to B = 3: "Last" starts
 *   the best sentence, "Last year Jane visited Africa </s>" (P ≈ 0.243), but "Last year" ranks third at
 *   step 2 (P = 0.27 against "Jane visited" 0.315 and "Jane went" 0.28), so B = 2 prunes it and ends with
 *   "Jane went to Africa last year </s>"; greedy ends lower still.
 * These claims are recomputed in tests/unit/compute/beam.test.ts; the numbers quoted in the chapter come
 * from the functions named there, not from this comment.
 */
import type { BeamTable } from '~/compute/beam';

export const VOCAB = [
  'Jane', 'is', 'visits', 'visiting', 'visited', 'going', 'went', 'to', 'be', 'visit', 'will', 'has', 'been',
  'in', 'In', 'Africa', 'September', 'Last', 'last', 'year', '</s>',
] as const;

/** Rows in thousandths: prefix → { next token: count out of 1000 }. */
type Rows = Record<string, Record<string, number>>;

const VISITE: Rows = {
  '': { Jane: 850, In: 150 },
  In: { September: 1000 },
  'In September': { Jane: 1000 },
  'In September Jane': { visits: 600, is: 400 },
  'In September Jane visits': { Africa: 1000 },
  'In September Jane visits Africa': { '</s>': 1000 },
  'In September Jane is': { visiting: 700, going: 300 },
  'In September Jane is visiting': { Africa: 1000 },
  'In September Jane is visiting Africa': { '</s>': 1000 },
  'In September Jane is going': { to: 1000 },
  'In September Jane is going to': { Africa: 1000 },
  'In September Jane is going to Africa': { '</s>': 1000 },

  Jane: { is: 500, visits: 400, will: 100 },

  'Jane is': { going: 450, visiting: 400, in: 150 },
  'Jane is going': { to: 950, '</s>': 50 },
  'Jane is going to': { be: 400, visit: 350, Africa: 250 },
  'Jane is going to be': { visiting: 600, in: 400 },
  'Jane is going to be visiting': { Africa: 900, '</s>': 100 },
  'Jane is going to be visiting Africa': { in: 800, '</s>': 200 },
  'Jane is going to be visiting Africa in': { September: 1000 },
  'Jane is going to be visiting Africa in September': { '</s>': 1000 },
  'Jane is going to be in': { Africa: 1000 },
  'Jane is going to be in Africa': { in: 700, '</s>': 300 },
  'Jane is going to be in Africa in': { September: 1000 },
  'Jane is going to be in Africa in September': { '</s>': 1000 },
  'Jane is going to visit': { Africa: 1000 },
  'Jane is going to visit Africa': { in: 800, '</s>': 200 },
  'Jane is going to visit Africa in': { September: 1000 },
  'Jane is going to visit Africa in September': { '</s>': 1000 },
  'Jane is going to Africa': { in: 850, '</s>': 150 },
  'Jane is going to Africa in': { September: 1000 },
  'Jane is going to Africa in September': { '</s>': 1000 },
  'Jane is visiting': { Africa: 900, in: 100 },
  'Jane is visiting Africa': { in: 850, '</s>': 150 },
  'Jane is visiting Africa in': { September: 1000 },
  'Jane is visiting Africa in September': { '</s>': 1000 },
  'Jane is visiting in': { September: 1000 },
  'Jane is visiting in September': { '</s>': 1000 },
  'Jane is in': { Africa: 1000 },
  'Jane is in Africa': { in: 600, '</s>': 400 },
  'Jane is in Africa in': { September: 1000 },
  'Jane is in Africa in September': { '</s>': 1000 },

  'Jane visits': { Africa: 950, in: 50 },
  'Jane visits Africa': { '</s>': 600, in: 400 },
  'Jane visits Africa in': { September: 1000 },
  'Jane visits Africa in September': { '</s>': 1000 },
  'Jane visits in': { September: 1000 },
  'Jane visits in September': { '</s>': 1000 },

  'Jane will': { visit: 1000 },
  'Jane will visit': { Africa: 1000 },
  'Jane will visit Africa': { in: 700, '</s>': 300 },
  'Jane will visit Africa in': { September: 1000 },
  'Jane will visit Africa in September': { '</s>': 1000 },
};

const AN_DERNIER: Rows = {
  '': { Jane: 700, Last: 300 },
  Last: { year: 900, September: 100 },
  'Last year': { Jane: 1000 },
  'Last year Jane': { visited: 900, went: 100 },
  'Last year Jane visited': { Africa: 1000 },
  'Last year Jane visited Africa': { '</s>': 1000 },
  'Last year Jane went': { to: 1000 },
  'Last year Jane went to': { Africa: 1000 },
  'Last year Jane went to Africa': { '</s>': 1000 },
  'Last September': { Jane: 1000 },
  'Last September Jane': { visited: 1000 },
  'Last September Jane visited': { Africa: 1000 },
  'Last September Jane visited Africa': { '</s>': 1000 },

  Jane: { visited: 450, went: 400, has: 150 },
  'Jane visited': { Africa: 600, last: 400 },
  'Jane visited Africa': { last: 550, '</s>': 450 },
  'Jane visited Africa last': { year: 1000 },
  'Jane visited Africa last year': { '</s>': 1000 },
  'Jane visited last': { year: 1000 },
  'Jane visited last year': { '</s>': 1000 },
  'Jane went': { to: 900, '</s>': 100 },
  'Jane went to': { Africa: 1000 },
  'Jane went to Africa': { last: 550, '</s>': 450 },
  'Jane went to Africa last': { year: 1000 },
  'Jane went to Africa last year': { '</s>': 1000 },
  'Jane has': { visited: 700, been: 300 },
  'Jane has visited': { Africa: 1000 },
  'Jane has visited Africa': { last: 500, '</s>': 500 },
  'Jane has visited Africa last': { year: 1000 },
  'Jane has visited Africa last year': { '</s>': 1000 },
  'Jane has been': { to: 1000 },
  'Jane has been to': { Africa: 1000 },
  'Jane has been to Africa': { last: 500, '</s>': 500 },
  'Jane has been to Africa last': { year: 1000 },
  'Jane has been to Africa last year': { '</s>': 1000 },
};

export interface SourceSentence {
  /** The French sentence x. */
  source: string;
  /** Probabilities in thousandths, as written above. */
  thousandths: Rows;
  /** Human translations y* a reader can pick for error analysis. */
  humans: string[];
}

export const SOURCES = {
  visite: {
    source: 'Jane visite l’Afrique en septembre',
    thousandths: VISITE,
    humans: ['Jane visits Africa in September', 'Jane is visiting Africa in September'],
  },
  'an-dernier': {
    source: 'Jane a visité l’Afrique l’an dernier',
    thousandths: AN_DERNIER,
    humans: ['Last year Jane visited Africa', 'Jane visited Africa last year'],
  },
} as const satisfies Record<string, SourceSentence>;

export type SourceId = keyof typeof SOURCES;

/** Every path of the table ends with `</s>` within this many tokens. */
export const MAX_PATH = 10;

/** The model for one source sentence as probabilities (thousandths ÷ 1000). */
export function translationTable(id: SourceId): BeamTable {
  const rows: Record<string, Record<string, number>> = {};
  for (const [prefix, row] of Object.entries(SOURCES[id].thousandths)) {
    rows[prefix] = Object.fromEntries(Object.entries(row).map(([token, n]) => [token, n / 1000]));
  }
  return { vocab: VOCAB, rows };
}
