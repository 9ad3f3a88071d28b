/**
 * Naive reference implementations, written independently of src/compute on nested arrays
 * (the textbook definitions, with the padding done by bounds checks instead of a padded copy).
 */
export type Img = number[][][]; // [row][col][channel]
export type Kernel = number[][][][]; // [row][col][channelIn][channelOut]

/** A window size or stride: down the rows, across the columns. */
export type Pair = readonly [rows: number, cols: number];
/** Zeros on each side of the image. */
export interface Pads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface RefConvOptions {
  stride: Pair;
  pad: Pads;
  bias?: number[] | undefined;
  relu?: boolean;
}

export function refConv(x: Img, w: Kernel, { stride: [sh, sw], pad, bias, relu = false }: RefConvOptions): Img {
  const h = x.length, wd = x[0]!.length, cin = x[0]![0]!.length;
  const fh = w.length, fw = w[0]!.length, cout = w[0]![0]![0]!.length;
  const oh = Math.floor((pad.top + h + pad.bottom - fh) / sh) + 1;
  const ow = Math.floor((pad.left + wd + pad.right - fw) / sw) + 1;
  const out: Img = [];
  for (let i = 0; i < oh; i++) {
    const row: number[][] = [];
    for (let j = 0; j < ow; j++) {
      const cell: number[] = [];
      for (let k = 0; k < cout; k++) {
        let s = bias ? bias[k]! : 0;
        for (let a = 0; a < fh; a++)
          for (let b = 0; b < fw; b++) {
            // Position in the unpadded image; outside it the padded value is zero.
            const y = i * sh + a - pad.top, xx = j * sw + b - pad.left;
            if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
            for (let c = 0; c < cin; c++) s += x[y]![xx]![c]! * w[a]![b]![c]![k]!;
          }
        cell.push(relu ? Math.max(0, s) : s);
      }
      row.push(cell);
    }
    out.push(row);
  }
  return out;
}

/** Valid pooling over fh×fw windows with strides [sh, sw], each channel on its own. */
export function refPool(x: Img, [fh, fw]: Pair, [sh, sw]: Pair, mode: 'max' | 'avg'): Img {
  const oh = Math.floor((x.length - fh) / sh) + 1;
  const ow = Math.floor((x[0]!.length - fw) / sw) + 1;
  return Array.from({ length: oh }, (_, i) =>
    Array.from({ length: ow }, (_, j) =>
      x[0]![0]!.map((_, c) => {
        const vals: number[] = [];
        for (let a = 0; a < fh; a++) for (let b = 0; b < fw; b++) vals.push(x[i * sh + a]![j * sw + b]![c]!);
        return mode === 'max' ? Math.max(...vals) : vals.reduce((p, q) => p + q, 0) / vals.length;
      }),
    ),
  );
}

/** Flattens [row][col][channel] to row-major with channels fastest (NHWC, batch 1). */
export const flat = (x: Img): number[] => x.flat(2);
