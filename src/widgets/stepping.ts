/**
 * What every stepper widget shares: walking numbered steps row by row, printing numbers, judging a
 * reader's prediction, and comparing the plain float64 loops with TensorFlow.js. No DOM.
 */
import type { Tensor4 } from '~/compute/volume';

/** The part of a stepper's setup that numbering needs: how many steps, and how wide the output is. */
export interface Steps {
  positions: number;
  geometry: { outWidth: number };
}

export function clampStep(setup: Steps, step: number): number {
  return Math.min(setup.positions - 1, Math.max(0, Math.round(step)));
}

/** Output row and column of a step, counting row by row. */
export function positionOf(setup: Steps, step: number): { row: number; col: number } {
  const s = clampStep(setup, step);
  return { row: Math.floor(s / setup.geometry.outWidth), col: s % setup.geometry.outWidth };
}

/** The step a key asks for from `current` (Infinity: the last), 'toggle' for play/pause, null if none. */
export function keyStep(key: string, current: number): number | 'toggle' | null {
  if (key === 'ArrowRight' || key === 'ArrowDown') return current + 1;
  if (key === 'ArrowLeft' || key === 'ArrowUp') return current - 1;
  if (key === 'Home') return 0;
  if (key === 'End') return Infinity;
  return key === ' ' || key === 'k' ? 'toggle' : null;
}

/** A number as the steppers print it: integers plainly, others to 2 decimals, minus sign not hyphen. */
export function fmt(v: number): string {
  const text = Number.isInteger(v) ? String(Math.abs(v)) : Math.abs(v).toFixed(2).replace(/\.?0+$/, '');
  return (v < 0 && text !== '0' ? '−' : '') + text;
}

/** The verdict on a guess that is not a number: nothing is judged or counted. */
export const NOT_A_NUMBER = 'Type a number first.';

/** Whether the reader's prediction matches (to 0.01, so "2.5" counts for 2.5). */
export function judgePrediction(guess: string, actual: number): { correct: boolean; message: string } {
  const g = Number(guess.trim().replace('−', '-'));
  if (guess.trim() === '' || !Number.isFinite(g)) return { correct: false, message: NOT_A_NUMBER };
  return Math.abs(g - actual) < 0.01
    ? { correct: true, message: `Right: ${fmt(actual)}.` }
    : { correct: false, message: `Not quite: you said ${fmt(g)}, the value is ${fmt(actual)}.` };
}

export interface TfCheck {
  backend: string;
  count: number;
  maxAbsDiff: number;
  agrees: boolean;
}

/** Compares a stepper's float64 loops with tfjs's float32 result, allowing float32 rounding. */
export function compareOutputs(ours: Tensor4, theirs: Tensor4, backend: string): TfCheck {
  let maxAbsDiff = 0;
  // Same shape, not only the same count: a 7×8 result must not pass for an 8×7 one.
  let agrees = ours.shape.join() === theirs.shape.join();
  ours.data.forEach((v, i) => {
    const d = Math.abs(v - (theirs.data[i] ?? Number.NaN));
    maxAbsDiff = Math.max(maxAbsDiff, d);
    if (!(d <= 1e-4 * Math.max(1, Math.abs(v)))) agrees = false;
  });
  return { backend, count: ours.data.length, maxAbsDiff, agrees };
}
