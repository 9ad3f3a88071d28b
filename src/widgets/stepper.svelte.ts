/**
 * The interaction every stepper widget shares, written once: stepping and playing, predict-first mode,
 * the screen-reader announcement, the TensorFlow.js cross-check and the embed page's query string.
 * A view creates these during its initialisation (they set up effects) and supplies, through small
 * callbacks, only what is its own: how many steps, the value and the sentence at a step.
 */
import { tfBackendName } from '~/compute/tf';
import type { Tensor4 } from '~/compute/volume';
import { compareOutputs, judgePrediction, keyStep, NOT_A_NUMBER, type TfCheck } from './stepping';

export interface StepperSource {
  /** Steps in all; 0 while the settings are invalid. */
  count(): number;
  /** The step shown now (already clamped). */
  current(): number;
  setStep(step: number): void;
  /** Predict-first mode is on. */
  predict(): boolean;
  /** The value the reader predicts at a step. */
  valueAt(step: number): number;
  /** What a screen reader hears at a step: the full arithmetic once shown, the question while hidden. */
  describe(step: number): string;
  ask(step: number): string;
}

const PLAY_INTERVAL_MS = 700;

export class StepperControls {
  playing = $state(false);
  /** False while the reader is asked to predict the current value. */
  revealed = $state(true);
  guess = $state('');
  verdict = $state<{ correct: boolean; message: string } | null>(null);
  score = $state({ right: 0, asked: 0 });
  announcement = $state('');
  #source: StepperSource;

  constructor(source: StepperSource) {
    this.#source = source;
    $effect(() => {
      if (!this.playing) return;
      const timer = setInterval(() => {
        const at = source.current();
        if (at < source.count() - 1) this.go(at + 1);
        else this.playing = false;
      }, PLAY_INTERVAL_MS);
      return () => clearInterval(timer);
    });
  }

  /** After the settings change: stopped, back at a first value that is always shown worked out. */
  restart = (): void => {
    this.playing = false;
    this.revealed = true;
    this.verdict = null;
  };

  go = (next: number): void => {
    const { count, current, setStep, predict, describe, ask } = this.#source;
    if (count() === 0) return;
    const target = Math.min(count() - 1, Math.max(0, Math.round(next)));
    const forward = target > current();
    setStep(target);
    this.verdict = null;
    this.guess = '';
    this.revealed = !(predict() && forward && !this.playing);
    this.announcement = this.revealed ? describe(target) : ask(target);
  };

  toggle = (): void => {
    this.playing = !this.playing;
  };

  /** Arrow keys step, Home/End jump, space or k plays and pauses. */
  onkeydown = (e: KeyboardEvent): void => {
    const target = keyStep(e.key, this.#source.current());
    if (target === null) return;
    if (target === 'toggle') this.toggle();
    else this.go(target);
    e.preventDefault();
  };

  check = (e: SubmitEvent): void => {
    e.preventDefault();
    const at = this.#source.current();
    const verdict = judgePrediction(this.guess, this.#source.valueAt(at));
    this.verdict = verdict;
    if (verdict.message === NOT_A_NUMBER) return;
    this.score = { right: this.score.right + (verdict.correct ? 1 : 0), asked: this.score.asked + 1 };
    this.revealed = true;
    this.announcement = `${verdict.message} ${this.#source.describe(at)}`;
  };

  show = (): void => {
    this.revealed = true;
  };
}

/** Runs `task` when the main thread is idle (at the latest after 1 s); `cancel()` drops it if still waiting. */
function afterIdle(task: () => void): { cancel(): void } {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: 1000 });
    return { cancel: () => cancelIdleCallback(id) };
  }
  const id = setTimeout(task, 0);
  return { cancel: () => clearTimeout(id) };
}

export type TfCheckState = TfCheck | { error: string } | 'pending' | null;

/**
 * Re-runs a tfjs computation whenever what `job` reads changes, and compares it with the stepper's own
 * loops. tfjs is downloaded on the first run; a newer run makes an older, slower one stale. The
 * comparison is `compareOutputs` unless the job brings its own (e.g. a tolerance that grows with an angle).
 */
export class TfCrossCheck {
  state = $state<TfCheckState>(null);

  constructor(job: () => { ours: Tensor4; run: () => Promise<Tensor4>; compare?: (ours: Tensor4, theirs: Tensor4, backend: string) => TfCheck } | null) {
    $effect(() => {
      const j = job();
      if (!j) return;
      let stale = false;
      this.state = 'pending';
      // The reader's next click comes first: the check (and tfjs's first download) waits for an idle moment.
      const idle = afterIdle(() =>
        j.run()
          .then(async (theirs) => {
            const backend = await tfBackendName();
            if (!stale) this.state = (j.compare ?? compareOutputs)(j.ours, theirs, backend);
          })
          .catch((e: Error) => {
            if (!stale) this.state = { error: e.message };
          }),
      );
      return () => {
        stale = true;
        idle.cancel();
      };
    });
  }
}
