/**
 * Reads a reader's own picture in the browser: decoded locally by createImageBitmap, scaled down so the
 * longer side is at most 128 pixels, made grey with Rec. 601 luma (model.ts: lumaFromRgba). Nothing is
 * uploaded or stored: the bytes stay in this page's memory.
 */
import { quote } from '../params';
import { fitSize, lumaFromRgba, type Picture } from './model';

/** A file the reader chose, pasted or dropped, or the reason it cannot be used (a sentence to show). */
export async function readPicture(file: Blob, name: string): Promise<Picture> {
  const what = name ? quote(name) : 'The pasted item';
  if (file.type && !file.type.startsWith('image/')) {
    throw new Error(`${what} is not a picture (its type is ${quote(file.type)}). Choose a PNG, JPEG, GIF or WebP file.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${what} could not be decoded as a picture: the file may be damaged, or in a format this browser cannot read (SVG is not read here). Try a PNG or JPEG.`);
  }
  try {
    const { width, height } = fitSize(bitmap.width, bitmap.height);
    const small = await createImageBitmap(bitmap, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
    const canvas = typeof OffscreenCanvas === 'undefined' ? Object.assign(document.createElement('canvas'), { width, height }) : new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!ctx) throw new Error('no 2-D canvas');
    ctx.drawImage(small, 0, 0);
    small.close();
    return lumaFromRgba(ctx.getImageData(0, 0, width, height).data, width, height);
  } catch (e) {
    throw new Error(`${what} could not be read (${e instanceof Error ? e.message : String(e)}).`);
  } finally {
    bitmap.close();
  }
}

/** The first image file among pasted or dropped items, if any. */
export function imageFileOf(data: DataTransfer | null): File | null {
  for (const file of data?.files ?? []) if (file.type.startsWith('image/')) return file;
  for (const item of data?.items ?? []) if (item.kind === 'file' && item.type.startsWith('image/')) return item.getAsFile();
  return null;
}
