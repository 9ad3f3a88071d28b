/**
 * The CTC-collapse widget's model: parameters, presets, the frame string in use (cleaned to the alphabet,
 * bounded in length), the stages of the collapse (src/compute/ctc.ts) and the sentence at each step, and
 * the alignment count shown under it. No DOM.
 *
 * Steps: 0 the frames as the network emits them; 1 the runs of repeated symbols grouped; 2 each run merged
 * to one symbol (blanks still there); 3 the blanks dropped: the text.
 */
import { BLANK, collapse, countAlignments, countAlignmentsDp, MAX_ENUMERATED, type AlignmentCount, type Collapse } from '~/compute/ctc';
import { quote, type Schema, type Values } from '../params';

export const MAX_FRAMES = 60;
export const MAX_CHARS = 120;
export const STAGES = 4;

export const PRESETS = {
  course: {
    label: 'The course’s “the q”',
    question: 'A speech model wrote one symbol per audio frame. What text do these 21 frames spell?',
    frames: 'ttt_h_eee___ ___qqq__',
  },
  double: {
    label: 'Double letter with a blank',
    question: '“hello” has two l’s in a row. How does the model keep them from merging into one?',
    frames: 'hhee_ll_lloo',
  },
  'no-blank': {
    label: 'Double letter, no blank',
    question: 'The same frames without the blank between the l’s: what comes out?',
    frames: 'hheellllloo',
  },
  custom: {
    label: 'Your own',
    question: 'Your own frames: what do they collapse to?',
    frames: '',
  },
} as const satisfies Record<string, { label: string; question: string; frames: string }>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'course', label: 'Example',
    doc: 'course: “ttt_h_eee___ ___qqq__” → “the q”; double: “hhee_ll_lloo” → “hello”; no-blank: “hheellllloo” → “helo”; custom: only the frames given. Frames given override the preset’s.',
  },
  frames: { type: 'text', default: '', maxLength: MAX_CHARS, label: 'Frames', doc: `One character per frame: a–z, space, apostrophe, and _ for the blank (at most ${MAX_FRAMES} frames).` },
  step: { type: 'int', default: 0, min: 0, max: STAGES - 1, label: 'Stage', doc: '0: the frames; 1: runs grouped; 2: runs merged; 3: blanks dropped.' },
  label: { type: 'text', default: 'ab', maxLength: 8, label: 'Word to count', doc: 'The word whose alignments are counted below the collapse (up to 4 characters).' },
  T: { type: 'int', default: 4, min: 1, max: 10, label: 'Frames T', doc: 'How many frames the counted alignments have.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

const ALLOWED = /^[a-z '_]$/u;

/** The frames in use, cleaned: capitals lowered, other characters left out, cut at MAX_FRAMES; each change a sentence. */
export function framesOf(p: Params): { frames: string; problems: string[] } {
  const raw = p.preset === 'custom' || p.frames !== '' ? p.frames : PRESETS[p.preset].frames;
  const problems: string[] = [];
  let chars = [...raw];
  if (chars.some((c) => c !== c.toLowerCase())) {
    chars = chars.map((c) => c.toLowerCase());
    problems.push('Capital letters were made lowercase: the alphabet here is a–z, space, apostrophe and the blank _.');
  }
  const bad = [...new Set(chars.filter((c) => !ALLOWED.test(c)))];
  if (bad.length > 0) {
    chars = chars.filter((c) => ALLOWED.test(c));
    const shown = bad.slice(0, 8).map((c) => (/\s/u.test(c) ? 'a tab or line break' : quote(c))).join(', ');
    problems.push(`${shown}${bad.length > 8 ? ' and more' : ''} ${bad.length === 1 ? 'is' : 'are'} not in the alphabet (a–z, space, apostrophe, and _ for the blank) and ${bad.length === 1 ? 'was' : 'were'} left out.`);
  }
  if (chars.length > MAX_FRAMES) {
    problems.push(`${chars.length} frames is more than ${MAX_FRAMES}; only the first ${MAX_FRAMES} are shown.`);
    chars = chars.slice(0, MAX_FRAMES);
  }
  return { frames: chars.join(''), problems };
}

export interface Setup {
  collapse: Collapse;
  problems: string[];
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; message: string; problems: string[] };

export function buildSetup(p: Params): SetupResult {
  const { frames, problems } = framesOf(p);
  if (frames.length === 0) return { ok: false, message: 'Type some frames to collapse, e.g. ttt_h_eee (one character per frame, _ for the blank).', problems };
  return { ok: true, setup: { collapse: collapse(frames), problems } };
}

export const clampStep = (step: number) => Math.min(STAGES - 1, Math.max(0, Math.round(step)));

/** A symbol as the reader reads it: the space and the blank named. */
export const symbolName = (s: string) => (s === ' ' ? 'space' : s === BLANK ? 'blank' : `“${s}”`);
/** A symbol as drawn in a cell: the space as ␣ (an open box), the blank as _. */
export const symbolGlyph = (s: string) => (s === ' ' ? '␣' : s);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A stage's result as one line of text, spaces drawn as ␣ (the text itself in quotes, with its real spaces). */
export function stageText(c: Collapse, step: number): string {
  const glyphs = (xs: readonly string[]) => xs.map(symbolGlyph).join('');
  switch (clampStep(step)) {
    case 0:
      return glyphs(c.frames);
    case 1:
      return c.runs.map((r) => glyphs(c.frames.slice(r.start, r.end))).join(' | ');
    case 2:
      return glyphs(c.merged);
    default:
      return `“${c.text}”`;
  }
}

export const STAGE_NAMES = ['Frames', 'Group the runs', 'Merge each run', 'Drop the blanks'] as const;

/** The live sentence for a stage. */
export function describeStep(s: Setup, step: number): string {
  const c = s.collapse;
  const blanks = c.frames.filter((f) => f === BLANK).length;
  const blankRuns = c.runs.filter((r) => r.blank).length;
  switch (clampStep(step)) {
    case 0:
      return `${plural(c.frames.length, 'frame')}, one symbol each: ${plural(blanks, 'blank')} and ${plural(c.frames.length - blanks, 'other symbol')}.`;
    case 1: {
      const long = c.runs.filter((r) => r.end - r.start > 1).length;
      return `${plural(c.runs.length, 'run')} of one repeated symbol; ${plural(long, 'run')} longer than one frame.`;
    }
    case 2:
      return `Each run becomes one symbol: ${c.merged.map(symbolGlyph).join('')} (${c.merged.length} symbols, ${plural(blankRuns, 'blank')} still in).`;
    default:
      return `Without the blanks the text is “${c.text}” (${plural([...c.text].length, 'character')} from ${plural(c.frames.length, 'frame')}).`;
  }
}

export interface Alignments {
  ok: true;
  result: AlignmentCount;
  /** The forward-recursion count, to show they agree. */
  dp: number;
}

/** The alignment count below the widget, or a sentence why it cannot be listed. */
export function alignments(p: Params): Alignments | { ok: false; message: string } {
  const { frames } = framesOf({ ...p, preset: 'custom', frames: p.label });
  const label = frames.replaceAll(BLANK, '');
  if (label.length === 0 || label.length > 4) return { ok: false, message: 'Type a word of 1 to 4 letters (a–z, space or apostrophe) to count its alignments.' };
  const symbols = new Set(label).size + 1;
  if (symbols ** p.T > MAX_ENUMERATED) return { ok: false, message: `${symbols}^${p.T} frame strings is too many to list: use fewer frames.` };
  return { ok: true, result: countAlignments(label, p.T, 24), dp: countAlignmentsDp(label, p.T) };
}

/** The fewest frames that can spell `label`: one per character, plus a blank between two equal neighbours. */
export function minFrames(label: string): number {
  const c = [...label];
  return c.length + c.filter((ch, i) => i > 0 && c[i - 1] === ch).length;
}

/** The preset's frames written into the settings once the reader edits them. */
export function editFrames(p: Params, frames: string): Params {
  return { ...p, preset: 'custom', frames: frames.slice(0, MAX_CHARS), step: 0 };
}

/** Frame t toggled: a blank becomes the nearest symbol to its left (else right), a symbol becomes a blank. */
export function toggleFrame(frames: string, t: number): string {
  const f = [...frames];
  if (t < 0 || t >= f.length) return frames;
  if (f[t] !== BLANK) f[t] = BLANK;
  else {
    const left = f.slice(0, t).reverse().find((c) => c !== BLANK);
    const right = f.slice(t + 1).find((c) => c !== BLANK);
    f[t] = left ?? right ?? 'a';
  }
  return f.join('');
}
