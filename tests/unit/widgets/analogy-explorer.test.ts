import { describe, expect, it } from 'vitest';
import { serverWordVectors, type WordTable } from '~/compute/word-vectors';
import { parseQuery } from '~/widgets/params';
import {
  arrowHead, cos3, overlaps, describe as describeAnswer, exclusionNote, layoutPlot, pickedRank, presetOf, PRESETS, projectionNote, schema, solve, withSubscripts, type Params,
  type Solved,
} from '~/widgets/analogy-explorer/model';

const table = serverWordVectors() as WordTable;
const params = (search = ''): Params => parseQuery(schema, search).values;
const solved = (search = ''): Solved => {
  const attempt = solve(table, params(search));
  if (!attempt.solved) throw new Error(attempt.problems.join(' '));
  return attempt.solved;
};

/** Written apart from the compute module: every word's cosine with e_b − e_a + e_c, by plain loops over the table. */
function naiveAnalogy(a: string, b: string, c: string): { word: string; similarity: number }[] {
  const v = (w: string) => Array.from(table.row(table.index.get(w)!));
  const [ea, eb, ec] = [v(a), v(b), v(c)];
  const t = ea.map((_, i) => eb[i]! - ea[i]! + ec[i]!);
  const len = (x: number[]) => Math.sqrt(x.reduce((s, y) => s + y * y, 0));
  return table.words
    .filter((w) => w !== a && w !== b && w !== c)
    .map((word) => {
      const e = v(word);
      return { word, similarity: e.reduce((s, y, i) => s + y * t[i]!, 0) / (len(e) * len(t)) };
    })
    .sort((x, y) => y.similarity - x.similarity);
}

describe('analogy explorer model', () => {
  it('answers the default, man : woman :: king, with queen, as a naive search over the whole table does', () => {
    const s = solved();
    expect(s.words).toEqual(['man', 'woman', 'king']);
    const naive = naiveAnalogy('man', 'woman', 'king').slice(0, 5);
    expect(s.candidates.map((n) => n.word)).toEqual(naive.map((n) => n.word));
    s.candidates.forEach((n, i) => expect(n.similarity).toBeCloseTo(naive[i]!.similarity, 12));
    expect(s.candidates[0]!.word).toBe('queen');
    expect(cos3(s.candidates[0]!.similarity)).toBe('0.784');
    expect(describeAnswer(s, 1)).toBe(
      `man : woman :: king : queen. The nearest word to e_woman − e_man + e_king is “queen”, cosine 0.784; next comes “${naive[1]!.word}” (${naive[1]!.similarity.toFixed(3)}).`,
    );
  });

  it('every preset gives the answer its question expects; the failing one really fails, with swam second', () => {
    const expected: Record<string, string> = { royal: 'queen', capital: 'rome', comparative: 'bigger', past: 'swam', bias: 'nurse' };
    for (const p of PRESETS) {
      const s = solved(`a=${p.a}&b=${p.b}&c=${p.c}`);
      if (p.fails) {
        expect(s.candidates[0]!.word).not.toBe('swam');
        expect(s.candidates[1]!.word).toBe('swam');
      } else {
        expect(s.candidates[0]!.word, p.id).toBe(expected[p.id]);
      }
      expect(presetOf(p)).toBe(p);
    }
    expect(presetOf({ a: ' Man', b: 'WOMAN', c: 'king ' })?.id).toBe('royal');
  });

  it('the three query words are left out; left in, king would beat queen', () => {
    const s = solved();
    const [cMan, cWoman, cKing] = s.querySimilarities;
    expect(cKing).toBeGreaterThan(s.candidates[0]!.similarity);
    expect(Math.max(cMan, cWoman)).toBeLessThan(cKing);
    expect(exclusionNote(s)).toBe(
      `The three query words are left out of the search. Left in, “king” would have cosine ${cos3(cKing)} with the target, more than “queen” (0.784), and would be the answer.`,
    );
  });

  it('the projection keeps the parallelogram: b − a and target − c are the same 2-D vector', () => {
    const s = solved();
    const [pa, pb, pc, pt] = s.points as [[number, number], [number, number], [number, number], [number, number]];
    expect(pb[0] - pa[0]).toBeCloseTo(pt[0] - pc[0], 9);
    expect(pb[1] - pa[1]).toBeCloseTo(pt[1] - pc[1], 9);
    expect(s.points).toHaveLength(3 + 1 + 5);
    expect(s.explained[0]).toBeGreaterThanOrEqual(s.explained[1]);
    const [x, y] = s.explained.map((e) => Math.round(e * 100));
    expect(projectionNote(s)).toMatch(new RegExp(`^The map is a PCA of these 9 vectors, .* keep ${Math.round((s.explained[0] + s.explained[1]) * 100)}% of their spread \\(${x}% \\+ ${y}%\\)\\. .*t-SNE`));
    expect(withSubscripts('to e_woman − e_man.')).toEqual([{ text: 'to ' }, { text: 'e', sub: 'woman' }, { text: ' − ' }, { text: 'e', sub: 'man' }, { text: '.' }]);
  });

  it('lays the picture out on one scale for both axes, every mark and label inside it', () => {
    const s = solved();
    for (const [w, h] of [[560, 380], [320, 260]] as const) {
      const plot = layoutPlot(s, w, h);
      const [a, b, c, t] = plot.marks;
      // Equal scale: the drawn offsets are equal too (y is flipped, lengths are not).
      expect(b!.x - a!.x).toBeCloseTo(t!.x - c!.x, 9);
      expect(b!.y - a!.y).toBeCloseTo(t!.y - c!.y, 9);
      const d2 = Math.hypot(s.points[1]![0] - s.points[0]![0], s.points[1]![1] - s.points[0]![1]);
      const d5 = Math.hypot(s.points[5]![0] - s.points[4]![0], s.points[5]![1] - s.points[4]![1]);
      expect(Math.hypot(b!.x - a!.x, b!.y - a!.y) / d2).toBeCloseTo(Math.hypot(plot.marks[5]!.x - plot.marks[4]!.x, plot.marks[5]!.y - plot.marks[4]!.y) / d5, 9);
      for (const m of plot.marks) {
        expect(m.x).toBeGreaterThanOrEqual(0);
        expect(m.x).toBeLessThanOrEqual(w);
        expect(m.y).toBeGreaterThanOrEqual(0);
        expect(m.y).toBeLessThanOrEqual(h);
      }
      expect(plot.marks.map((m) => m.label)).toEqual(['man', 'woman', 'king', 'b − a + c', ...s.candidates.map((n) => n.word)]);
    }
    expect(arrowHead({ x1: 0, y1: 0, x2: 10, y2: 0 }, 9)).toMatch(/^10\.0,0\.0 1\.\d,-?3\.\d 1\.\d,-?3\.\d$/);
  });

  it('no label covers a query word’s or the target’s label, for every preset at both design widths', () => {
    for (const p of PRESETS) {
      const s = solved(`a=${p.a}&b=${p.b}&c=${p.c}&k=10`);
      for (const [w, h] of [[560, 380], [340, 260]] as const) {
        const marks = layoutPlot(s, w, h).marks;
        const fixed = marks.slice(0, 4);
        expect(fixed.every((m) => m.labelled)).toBe(true);
        for (const f of fixed) for (const m of marks.filter((x) => x !== f && x.labelled)) expect(overlaps(f.box, m.box), `${p.id} ${w}: ${f.label} / ${m.label}`).toBe(false);
        // No two labels overlap at all, and the answer is always labelled.
        const labelled = marks.filter((m) => m.labelled);
        labelled.forEach((m, i) => labelled.slice(i + 1).forEach((n) => expect(overlaps(m.box, n.box), `${p.id} ${w}: ${m.label} / ${n.label}`).toBe(false)));
        expect(marks[4]!.labelled).toBe(true);
        // Most candidates keep their label.
        expect(marks.filter((m) => m.labelled).length, `${p.id} ${w}`).toBeGreaterThanOrEqual(marks.length - 3);
      }
    }
  });

  it('a picked candidate is named with its rank and cosine; the pick stays inside the list', () => {
    const s = solved();
    expect(pickedRank(s, 9)).toBe(5);
    expect(pickedRank(s, 0)).toBe(1);
    expect(describeAnswer(s, 3)).toMatch(new RegExp(`Picked: “${s.candidates[2]!.word}”, third, cosine ${cos3(s.candidates[2]!.similarity)}\\.$`));
    expect(solved('k=10').candidates).toHaveLength(10);
  });

  it('unknown words, empty boxes, non-letters and hostile strings become sentences, never exceptions', () => {
    const hostile = solve(table, { ...params(), a: '<img src=x onerror=alert(1)>' });
    expect(hostile.solved).toBeNull();
    expect(hostile.problems).toEqual(['“<img src=x onerror=alert(1)>” is not a single word of letters a–z, the only kind this table holds.']);
    const several = solve(table, { ...params(), a: '', b: 'zzzxq', c: 'king2' });
    expect(several.problems).toEqual([
      'Type a word in the a box.',
      '“zzzxq” is not among the 5,061 words of this small table; try a more common word.',
      '“king2” is not a single word of letters a–z, the only kind this table holds.',
    ]);
    expect(solve(table, { ...params(), a: 'Man', b: ' man ' }).problems).toEqual(['a and b are the same word, “man”: there is no offset to copy. Type two different words.']);
    // Capitals and spaces around a word are forgiven.
    expect(solve(table, { ...params(), c: ' King ' }).solved?.candidates[0]!.word).toBe('queen');
  });

  it('clamps the number of candidates and refuses an over-long word from the URL', () => {
    const p = parseQuery(schema, 'k=99&a=' + 'x'.repeat(60));
    expect(p.values.k).toBe(10);
    expect(p.problems.length).toBe(2);
    expect(cos3(-0.0004)).toBe('0.000');
    expect(cos3(-0.1234)).toBe('−0.123');
  });
});

describe('first-frame snapshot', () => {
  it('round-trips the drawn numbers for the same settings and refuses anything else', async () => {
    const { snapshotOf, readSnapshot } = await import('~/widgets/analogy-explorer/model');
    const p = params();
    const s = solved();
    const text = snapshotOf(p, s);
    const back = readSnapshot(text, p)!;
    expect(back.words).toEqual(s.words);
    expect(back.candidates).toEqual(s.candidates);
    expect(back.points).toEqual(s.points);
    expect(back.explained).toEqual(s.explained);
    expect(describeAnswer(back, 1)).toBe(describeAnswer(s, 1));
    expect(readSnapshot(text, { ...p, c: 'prince' })).toBeNull();
    expect(readSnapshot(text, { ...p, k: 6 })).toBeNull();
    expect(readSnapshot('{not json', p)).toBeNull();
    expect(readSnapshot(text.replace('"queen"', '"<b>queen</b>"'), p)).toBeNull();
    expect(readSnapshot('', p)).toBeNull();
  });
});
