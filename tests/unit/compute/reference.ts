/**
 * Naive reference implementations, written independently of src/compute on nested arrays
 * (the textbook definitions, with the padding done by bounds checks instead of a padded copy).
 */
export type Img = number[][][]; // [row][col][channel]
export type Kernel = number[][][][]; // [row][col][channelIn][channelOut]

export function refConv(x: Img, w: Kernel, stride: number, pad: number, bias?: number[], relu = false): Img {
  const h = x.length, wd = x[0]!.length, cin = x[0]![0]!.length;
  const f = w.length, fw = w[0]!.length, cout = w[0]![0]![0]!.length;
  const oh = Math.floor((h + 2 * pad - f) / stride) + 1;
  const ow = Math.floor((wd + 2 * pad - fw) / stride) + 1;
  const out: Img = [];
  for (let i = 0; i < oh; i++) {
    const row: number[][] = [];
    for (let j = 0; j < ow; j++) {
      const cell: number[] = [];
      for (let k = 0; k < cout; k++) {
        let s = bias ? bias[k]! : 0;
        for (let a = 0; a < f; a++)
          for (let b = 0; b < fw; b++) {
            const y = i * stride + a - pad, xx = j * stride + b - pad;
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

export function refPool(x: Img, f: number, stride: number, mode: 'max' | 'avg'): Img {
  const oh = Math.floor((x.length - f) / stride) + 1;
  const ow = Math.floor((x[0]!.length - f) / stride) + 1;
  return Array.from({ length: oh }, (_, i) =>
    Array.from({ length: ow }, (_, j) =>
      x[0]![0]!.map((_, c) => {
        const vals: number[] = [];
        for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) vals.push(x[i * stride + a]![j * stride + b]![c]!);
        return mode === 'max' ? Math.max(...vals) : vals.reduce((p, q) => p + q, 0) / vals.length;
      }),
    ),
  );
}

/** Flattens [row][col][channel] to row-major with channels fastest (NHWC, batch 1). */
export const flat = (x: Img): number[] => x.flat(2);
