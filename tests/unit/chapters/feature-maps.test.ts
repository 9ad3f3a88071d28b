// The compute behind Course 4 Week 4's "What deep layers see" figure (src/components/feature-maps.ts):
// hand-set edge and corner/stripe units on the filter lab's house, and Zeiler and Fergus's top patches.
// Checked against a naive two-layer convolution written here, and against places in the drawn picture
// found by reading its pixels (the chimney's top-left pixel is (22, 61), the door's (60, 40), 0-based).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutPatch, featureMaps, housePicture, LAYER1, LAYER2, PATCHES, topPatches, type Patch } from '~/components/feature-maps';

const picture = housePicture();
const maps = featureMaps(picture);
const all = [...maps.layer1, ...maps.layer2];
const px = (r: number, c: number) => picture.pixels[r * picture.width + c]! / 255;

/** Filter weight [dy][dx][channel] of a unit (HWIO, one output channel). */
const weight = (u: (typeof LAYER1)[number], dy: number, dx: number, ch: number) => {
  const [, fw, cin] = u.filter.shape;
  return u.filter.data[(dy * fw + dx) * cin + ch]!;
};

/** Layer-1 unit k at (i, j), by the definition: Σ w·x over the 3×3 window, + bias, ReLU, capped. */
function naive1(k: number, i: number, j: number): number {
  const u = LAYER1[k]!;
  let z = u.bias;
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) z += weight(u, dy, dx, 0) * px(i + dy, j + dx);
  return Math.min(Math.max(z, 0), u.cap);
}

/** Layer-2 unit k at (i, j), over naive layer-1 values. */
function naive2(k: number, i: number, j: number): number {
  const u = LAYER2[k]!;
  const [fh, fw, cin] = u.filter.shape;
  let z = u.bias;
  for (let dy = 0; dy < fh; dy++) for (let dx = 0; dx < fw; dx++) for (let ch = 0; ch < cin; ch++) z += weight(u, dy, dx, ch) * naive1(ch, i + dy, j + dx);
  return Math.max(z, 0);
}

const overlap = (a: Patch, b: Patch, f: { height: number; width: number }) => Math.abs(a.top - b.top) < f.height && Math.abs(a.left - b.left) < f.width;

describe('feature maps of the hand-set units', () => {
  it('match a naive convolution, layer 1 and layer 2', () => {
    const l1 = maps.layer1[0]!;
    for (const [i, j] of [[22, 59], [40, 40], [0, 0], [93, 125]] as const) expect(l1.map[i * l1.width + j]).toBeCloseTo(naive1(0, i, j), 12);
    for (const [k, i, j] of [[0, 19, 58], [0, 58, 38], [0, 30, 30], [1, 78, 85], [1, 10, 10]] as const) {
      const r = maps.layer2[k]!;
      expect(r.map[i * r.width + j]).toBeCloseTo(naive2(k, i, j), 12);
    }
  });

  it('have the "valid" sizes: 126×94 after 3×3, then smaller by each layer-2 filter', () => {
    for (const r of maps.layer1) expect([r.width, r.height]).toEqual([126, 94]);
    for (const r of maps.layer2) expect([r.width, r.height]).toEqual([126 - r.unit.filter.shape[1] + 1, 94 - r.unit.filter.shape[0] + 1]);
  });

  it('are ReLU’d: no value below 0, and layer 1 capped at 1', () => {
    for (const r of all) expect(Math.min(...r.map)).toBeGreaterThanOrEqual(0);
    for (const r of maps.layer1) expect(Math.max(...r.map)).toBeLessThanOrEqual(1);
  });

  it('the corner unit responds most at the top-left corners of the chimney and the door', () => {
    const r = maps.layer2[0]!;
    const max = Math.max(...r.map);
    const best = [...r.map.keys()].filter((i) => r.map[i] === max).map((i) => [Math.floor(i / r.width), i % r.width] as const);
    expect(best.length).toBeGreaterThan(0);
    // The filter's two arms meet at its (1, 1), which reads layer-1 values centred 1 pixel further on.
    const corners = [[22, 61], [60, 40]];
    for (const [i, j] of best) expect(corners.some(([ci, cj]) => Math.abs(i + 2 - ci!) <= 1 && Math.abs(j + 2 - cj!) <= 1)).toBe(true);
    expect(new Set(best.map(([i]) => (i < 40 ? 'chimney' : 'door'))).size).toBe(2);
    // A straight edge alone (the chimney's left side, lower down) gives nothing.
    expect(r.map[30 * r.width + 58]).toBe(0);
  });

  it('the stripe unit responds only on the fence', () => {
    const r = maps.layer2[1]!;
    expect(r.top).toHaveLength(PATCHES);
    // The fence: columns 84–127, rows 66–83 of the picture.
    for (const p of r.top) {
      expect(p.left + r.field.width).toBeGreaterThan(84);
      expect(p.top).toBeGreaterThanOrEqual(60);
    }
    r.map.forEach((v, i) => {
      if (v > 0) expect(i % r.width).toBeGreaterThanOrEqual(84 - r.field.width);
    });
  });
});

describe('top patches (Zeiler and Fergus’s selection)', () => {
  it('every unit keeps six patches, strongest first, none overlapping, each cut from the picture', () => {
    for (const r of all) {
      expect(r.top).toHaveLength(PATCHES);
      r.top.forEach((p, a) => {
        expect(p.value).toBe(r.map[p.row * r.width + p.col]);
        if (a > 0) expect(p.value).toBeLessThanOrEqual(r.top[a - 1]!.value);
        for (const q of r.top.slice(a + 1)) expect(overlap(p, q, r.field)).toBe(false);
        const cut = cutPatch(picture, p, r.field);
        expect(cut).toHaveLength(r.field.width * r.field.height);
        expect(cut[cut.length - 1]).toBe(picture.pixels[(p.top + r.field.height - 1) * picture.width + p.left + r.field.width - 1]);
      });
    }
  });

  it('receptive fields: 3×3 in layer 1, the layer-2 filter plus 2 in layer 2', () => {
    for (const r of maps.layer1) expect(r.field).toEqual({ height: 3, width: 3 });
    for (const r of maps.layer2) expect(r.field).toEqual({ height: r.unit.filter.shape[0] + 2, width: r.unit.filter.shape[1] + 2 });
  });

  it('property: on any map, kept patches never overlap, never include a zero, and a skipped stronger position overlaps a kept one', () => {
    const arb = fc.record({ w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 12 }), f: fc.integer({ min: 1, max: 5 }) }).chain(({ w, h, f }) =>
      fc.record({ w: fc.constant(w), f: fc.constant(f), map: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: w * h, maxLength: w * h }) }),
    );
    fc.assert(
      fc.property(arb, ({ w, f, map }) => {
        const field = { height: f, width: f };
        const top = topPatches(map, w, field, 4);
        for (const [a, p] of top.entries()) {
          expect(p.value).toBeGreaterThan(0);
          for (const q of top.slice(a + 1)) expect(overlap(p, q, field)).toBe(false);
        }
        if (top.length < 4) {
          // Fewer than asked: every positive position overlaps a kept one.
          map.forEach((v, i) => {
            const p = { row: Math.floor(i / w), col: i % w, top: Math.floor(i / w), left: i % w, value: v };
            if (v > 0) expect(top.some((q) => overlap(p, q, field))).toBe(true);
          });
        }
      }),
    );
  });
});
