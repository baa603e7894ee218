/**
 * "A photo kept small": a camera photo is scaled to fit VISIT_LIMITS.maxPhotoSide and re-encoded as JPEG,
 * lowering the quality (then the size) until it fits VISIT_LIMITS.maxPhotoBytes. Runs in the browser
 * (createImageBitmap, OffscreenCanvas or canvas); the maths is pure and tested.
 */
import { VISIT_LIMITS } from '../../../shared/visit';

/** The scaled size: the longer side at most `maxSide`, aspect kept, whole pixels, at least 1. */
export function fitWithin(width: number, height: number, maxSide: number = VISIT_LIMITS.maxPhotoSide): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Quality steps tried in order; below the last, the picture is made smaller instead. */
export const JPEG_QUALITIES = [0.82, 0.7, 0.58, 0.46] as const;

export interface ResizedPhoto {
  bytes: ArrayBuffer;
  mimeType: 'image/jpeg';
  width: number;
  height: number;
}

function encode(bitmap: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d');
  if (!g) return Promise.reject(new Error('no 2d canvas'));
  g.drawImage(bitmap, 0, 0, width, height);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encoding failed'))), 'image/jpeg', quality));
}

/** Null when the file is not a picture the browser can read. */
export async function resizePhoto(file: Blob): Promise<ResizedPhoto | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    let size = fitWithin(bitmap.width, bitmap.height);
    for (let shrink = 0; shrink < 6; shrink++) {
      for (const q of JPEG_QUALITIES) {
        const blob = await encode(bitmap, size.width, size.height, q);
        if (blob.size <= VISIT_LIMITS.maxPhotoBytes) return { bytes: await blob.arrayBuffer(), mimeType: 'image/jpeg', ...size };
      }
      size = fitWithin(size.width, size.height, Math.round(Math.max(size.width, size.height) * 0.75));
    }
    return null;
  } finally {
    bitmap.close();
  }
}
