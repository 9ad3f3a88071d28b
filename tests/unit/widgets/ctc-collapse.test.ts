import { describe, expect, it } from 'vitest';
import { parseQuery } from '~/widgets/params';
import { alignments, buildSetup, describeStep, editFrames, framesOf, MAX_FRAMES, minFrames, schema, stageText, toggleFrame, type Params } from '~/widgets/ctc-collapse/model';

const params = (search = ''): Params => parseQuery(schema, search).values;
const setupOf = (search = '') => {
  const r = buildSetup(params(search));
  if (!r.ok) throw new Error(r.message);
  return r.setup;
};

describe('ctc-collapse model', () => {
  it('opens on the course’s frames and says what each stage does', () => {
    const s = setupOf();
    expect(s.collapse.frames.join('')).toBe('ttt_h_eee___ ___qqq__');
    expect(describeStep(s, 0)).toBe('21 frames, one symbol each: 10 blanks and 11 other symbols.');
    expect(describeStep(s, 1)).toBe('10 runs of one repeated symbol; 6 runs longer than one frame.');
    expect(describeStep(s, 2)).toBe('Each run becomes one symbol: t_h_e_␣_q_ (10 symbols, 5 blanks still in).');
    expect(describeStep(s, 3)).toBe('Without the blanks the text is “the q” (5 characters from 21 frames).');
    expect([0, 1, 2, 3].map((k) => stageText(s.collapse, k))).toEqual(['ttt_h_eee___␣___qqq__', 'ttt | _ | h | _ | eee | ___ | ␣ | ___ | qqq | __', 't_h_e_␣_q_', '“the q”']);
  });

  it('the double-letter presets: with a blank “hello”, without “helo”', () => {
    expect(setupOf('preset=double').collapse.text).toBe('hello');
    expect(setupOf('preset=no-blank').collapse.text).toBe('helo');
  });

  it('cleans frames to the alphabet with a message; bounds their number', () => {
    const f = framesOf(params(`frames=${encodeURIComponent('<b>Hi</b>')}`));
    expect(f.frames).toBe('bhib');
    expect(f.problems).toHaveLength(2);
    expect(f.problems[0]).toMatch(/lowercase/);
    expect(f.problems[1]).toBe('“<”, “>”, “/” are not in the alphabet (a–z, space, apostrophe, and _ for the blank) and were left out.');
    const long = framesOf(params(`frames=${'a_'.repeat(50)}`));
    expect(long.frames).toHaveLength(MAX_FRAMES);
    expect(long.problems).toEqual([`100 frames is more than ${MAX_FRAMES}; only the first ${MAX_FRAMES} are shown.`]);
    expect(buildSetup(params('preset=custom'))).toMatchObject({ ok: false, message: expect.stringMatching(/Type some frames/) });
    expect(buildSetup(params('frames=%3C%3E'))).toMatchObject({ ok: false });
  });

  it('editing writes custom frames; a click toggles a frame blank and back', () => {
    expect(editFrames(params(), 'aab')).toMatchObject({ preset: 'custom', frames: 'aab', step: 0 });
    expect(toggleFrame('ll', 1)).toBe('l_');
    expect(toggleFrame('l_l', 1)).toBe('lll');
    expect(toggleFrame('_a', 0)).toBe('aa');
    expect(toggleFrame('__', 0)).toBe('a_');
    expect(toggleFrame('ab', 5)).toBe('ab');
  });

  it('counts alignments for small words and refuses big ones', () => {
    const a = alignments(params());
    expect(a.ok && [a.result.count, a.result.total, a.dp]).toEqual([15, 81, 15]);
    const cat = alignments(params('label=cat&T=6'));
    expect(cat.ok && cat.result.count).toBe(cat.ok && cat.dp);
    expect(alignments(params('label=abcd&T=10'))).toMatchObject({ ok: false, message: expect.stringMatching(/too many/) });
    expect(alignments(params('label=____'))).toMatchObject({ ok: false });
    expect(minFrames('hello')).toBe(6);
    expect(alignments(params('label=aa&T=2'))).toMatchObject({ ok: true, result: { count: 0 } });
  });
});
