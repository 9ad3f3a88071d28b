/**
 * The compute behind FeatureMapsFigure.astro (Course 4 Week 4, "What deep layers see"): Zeiler and
 * Fergus's procedure applied to a tiny two-layer network whose filters the project sets by hand, not
 * learned. Layer 1 convolves the filter lab's drawn house (128×96 grey levels) with four Sobel-like 3×3
 * edge filters; layer 2 convolves the four ReLU'd layer-1 maps with two hand-set filters that combine
 * them: a corner unit and a stripe unit. For each unit, the positions where it responds most (no two
 * receptive fields overlapping) give the picture patches the figure shows. Pure, no DOM; the
 * convolution is src/compute/conv.ts's plain-loop path ("valid", stride 1, cross-correlation).
 */
import { convByWindows } from '../compute/conv';
import { index4, type Tensor4 } from '../compute/volume';
import { ENCODED_PICTURES } from '../widgets/filter-lab/picture';
import { decodePicture, type Picture } from '../widgets/filter-lab/picture-codec';

export interface Unit {
  /** Short name shown under the map. */
  name: string;
  /** What the unit responds to, in words (for the caption and alt text). */
  meaning: string;
  /** Its filter, HWIO: [f_h, f_w, channelsIn, 1]. */
  filter: Tensor4;
  bias: number;
  /** Largest output: layer 1's ReLU is capped at 1 (as MobileNet caps its ReLU at 6), layer 2's is not. */
  cap: number;
}

/** One unit's ReLU'd feature map, row by row, and its strongest non-overlapping positions. */
export interface UnitResult {
  unit: Unit;
  width: number;
  height: number;
  map: Float64Array;
  /** Rows and columns of picture pixels one map value depends on (its receptive field). */
  field: { height: number; width: number };
  top: Patch[];
}

/** A map position and the picture patch (receptive field) it sees, from (top, left) on. */
export interface Patch {
  row: number;
  col: number;
  value: number;
  top: number;
  left: number;
}

export const PATCHES = 6;

/** The filter lab's house, decoded. */
export function housePicture(): Picture {
  return decodePicture(ENCODED_PICTURES.house);
}

/**
 * Layer 1's gain: a Sobel filter divided by 4 gives the step's height (0…1) across an edge; times GAIN,
 * capped at 1, an edge of a tenth of the grey range or more counts fully, so that layer 2 can combine
 * "edge here" signals without the picture's contrast deciding (the fence is faint, the roof is strong).
 * The house's ±2 grey-level noise gives at most 0.16, which layer 1's bias of −0.2 silences.
 */
const GAIN = 10;

/** A 3×3 single-channel filter as HWIO [3, 3, 1, 1]. */
function edge3(grid: number[][]): Tensor4 {
  return { data: Float64Array.from(grid.flat(), (v) => (v / 4) * GAIN), shape: [3, 3, 1, 1] };
}

/**
 * Layer 1: Sobel-like filters (Week 1's vertical-edge detector and its turns). A filter's response is
 * positive where the light side is where its positive weights are; ReLU keeps only that polarity.
 */
export const LAYER1: readonly Unit[] = [
  { name: 'vertical edge', meaning: 'a vertical edge with the light side on the left', filter: edge3([[1, 0, -1], [2, 0, -2], [1, 0, -1]]), bias: -0.2, cap: 1 },
  { name: 'horizontal edge', meaning: 'a horizontal edge with the light side above', filter: edge3([[1, 2, 1], [0, 0, 0], [-1, -2, -1]]), bias: -0.2, cap: 1 },
  { name: 'diagonal ╲', meaning: 'a diagonal edge running from top left to bottom right, light side above', filter: edge3([[0, 1, 2], [-1, 0, 1], [-2, -1, 0]]), bias: -0.2, cap: 1 },
  { name: 'diagonal ╱', meaning: 'a diagonal edge running from bottom left to top right, light side above', filter: edge3([[2, 1, 0], [1, 0, -1], [0, -1, -2]]), bias: -0.2, cap: 1 },
];

/** Channel order of layer 2's input: the four layer-1 maps. */
const V = 0;
const H = 1;

type Tap = [row: number, col: number, channel: number, weight: number];

/** A layer-2 filter over the four layer-1 maps, given as (row, col, channel, weight) taps. */
function layer2Filter(fh: number, fw: number, taps: Tap[]): Tensor4 {
  const shape = [fh, fw, LAYER1.length, 1] as const;
  const data = new Float64Array(fh * fw * LAYER1.length);
  for (const [r, c, ch, w] of taps) data[index4(shape, r, c, ch, 0)]! += w;
  return { data, shape };
}

const ARM = 8;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/**
 * The corner unit: a vertical-edge arm going down and a horizontal-edge arm going right, meeting near the
 * filter's top-left. Each arm sums to at most 1 and the bias is −1.25, so a straight edge (one arm full,
 * the other nearly empty) stays at 0 after ReLU: only both arms together, the top-left corner ⌜ of
 * a shape darker than what is above and left of it, make the unit respond.
 */
const corner: Unit = {
  name: 'corner ⌜',
  meaning: 'a top-left corner of a dark shape: a vertical edge meeting a horizontal edge',
  filter: layer2Filter(ARM + 1, ARM + 1, [...range(ARM).map((i): Tap => [1 + i, 1, V, 1 / ARM]), ...range(ARM).map((i): Tap => [1, 1 + i, H, 1 / ARM])]),
  bias: -1.25,
  cap: Infinity,
};

const PERIOD = 6;
const TEETH = 3;
const STRIPE_ROWS = 5;

/**
 * The stripe unit: the vertical-edge map sampled at TEETH columns PERIOD pixels apart, over STRIPE_ROWS
 * rows. Each tooth sums to at most 1/TEETH; the bias asks for more than two teeth's worth (layer 1
 * already silenced the noise), so one or two edges are not enough: only repeated vertical edges, a
 * striped texture, make it respond.
 */
const stripes: Unit = {
  name: 'vertical stripes',
  meaning: `vertical stripes: three vertical edges side by side, ${PERIOD} pixels apart`,
  filter: layer2Filter(
    STRIPE_ROWS,
    PERIOD * (TEETH - 1) + 2,
    range(TEETH).flatMap((t) => range(STRIPE_ROWS).map((r): Tap => [r, t * PERIOD + 1, V, 1 / (TEETH * STRIPE_ROWS)])),
  ),
  bias: -(TEETH - 1) / TEETH,
  cap: Infinity,
};

export const LAYER2: readonly Unit[] = [corner, stripes];

/** A greyscale picture as a [1, h, w, 1] tensor of 0 (black) … 1 (white). */
export function pictureTensor(p: Picture): Tensor4 {
  return { data: Float64Array.from(p.pixels, (v) => v / 255), shape: [1, p.height, p.width, 1] };
}

/** One unit's feature map: a "valid" convolution at stride 1, plus the bias, ReLU, capped at unit.cap. */
export function unitMap(input: Tensor4, unit: Unit): Tensor4 {
  const out = convByWindows(input, unit.filter, { bias: [unit.bias], activation: 'relu' });
  if (Number.isFinite(unit.cap)) out.data.forEach((v, i) => (out.data[i] = Math.min(v, unit.cap)));
  return out;
}

/** The four layer-1 maps stacked as channels (NHWC), layer 2's input. */
export function stack(maps: readonly Tensor4[]): Tensor4 {
  const [, h, w] = maps[0]!.shape;
  const out = { data: new Float64Array(h * w * maps.length), shape: [1, h, w, maps.length] as const };
  maps.forEach((m, k) => m.data.forEach((v, i) => (out.data[i * maps.length + k] = v)));
  return out;
}

/**
 * Zeiler and Fergus's selection: the map's strongest positions, strongest first, skipping any whose
 * receptive field would overlap one already kept; zero responses are never kept. Ties go to the earlier
 * position in reading order. With "valid" convolutions at stride 1, map position (row, col) sees the
 * picture from (row, col) on, so the patch's corner is the position itself.
 */
export function topPatches(map: ArrayLike<number>, width: number, field: { height: number; width: number }, count = PATCHES): Patch[] {
  const order = Array.from({ length: map.length }, (_, i) => i)
    .filter((i) => map[i]! > 0)
    .sort((a, b) => map[b]! - map[a]! || a - b);
  const kept: Patch[] = [];
  for (const i of order) {
    const row = Math.floor(i / width);
    const col = i % width;
    if (kept.some((p) => Math.abs(p.row - row) < field.height && Math.abs(p.col - col) < field.width)) continue;
    kept.push({ row, col, value: map[i]!, top: row, left: col });
    if (kept.length === count) break;
  }
  return kept;
}

export interface FeatureMaps {
  picture: Picture;
  layer1: UnitResult[];
  layer2: UnitResult[];
}

function result(unit: Unit, maps: Tensor4, field: { height: number; width: number }): UnitResult {
  const [, height, width] = maps.shape;
  const map = Float64Array.from(maps.data);
  return { unit, width, height, map, field, top: topPatches(map, width, field) };
}

/** Both layers on the house (or another picture), with each unit's top patches. */
export function featureMaps(picture: Picture = housePicture()): FeatureMaps {
  const input = pictureTensor(picture);
  const maps1 = LAYER1.map((u) => unitMap(input, u));
  const layer1 = LAYER1.map((u, k) => result(u, maps1[k]!, { height: 3, width: 3 }));
  const input2 = stack(maps1);
  // A layer-2 unit with an f_h×f_w filter sees f_h + 2 rows and f_w + 2 columns of the picture: each
  // layer-1 value it reads sees 3×3 pixels.
  const layer2 = LAYER2.map((u) => result(u, unitMap(input2, u), { height: u.filter.shape[0] + 2, width: u.filter.shape[1] + 2 }));
  return { picture, layer1, layer2 };
}

/** The picture's pixels in rows top…top+height−1 and columns left…left+width−1, as grey levels. */
export function cutPatch(p: Picture, patch: { top: number; left: number }, field: { height: number; width: number }): Uint8Array {
  const out = new Uint8Array(field.height * field.width);
  for (let r = 0; r < field.height; r++) {
    const from = (patch.top + r) * p.width + patch.left;
    out.set(p.pixels.subarray(from, from + field.width), r * field.width);
  }
  return out;
}
