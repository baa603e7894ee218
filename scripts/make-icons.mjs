/**
 * Draws the CareRounds icon (a teal rounded square holding a white house with a coral heart) and writes
 * the files electron-builder needs: build/icon.png (512), build/icons/<n>x<n>.png for Linux, build/icon.ico
 * (PNG-compressed 16/32/48/256 images) for Windows. Every size is rendered from the shapes, not scaled down,
 * with 4×4 supersampling. No dependencies: PNG is encoded with node:zlib and a CRC-32 table.
 *
 * Run: node scripts/make-icons.mjs   (outputs are committed; rerun only when the design changes)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = path.join(ROOT, 'build');
export const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 32, 48, 256];

const TEAL_TOP = [22, 160, 156];
const TEAL_BOTTOM = [11, 110, 112];
const WHITE = [255, 255, 255];
const CORAL = [242, 95, 92];

// ------------------------------------------------------------------------------------------- shapes
// All shapes live in the unit square, y pointing down.

function inRoundedSquare(x, y) {
  const min = 0.04;
  const max = 0.96;
  const r = 0.2;
  if (x < min || x > max || y < min || y > max) return false;
  const cx = Math.min(Math.max(x, min + r), max - r);
  const cy = Math.min(Math.max(y, min + r), max - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function inTriangle(x, y, [ax, ay], [bx, by], [cx, cy]) {
  const d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by);
  const d2 = (x - cx) * (by - cy) - (bx - cx) * (y - cy);
  const d3 = (x - ax) * (cy - ay) - (cx - ax) * (y - ay);
  const negative = d1 < 0 || d2 < 0 || d3 < 0;
  const positive = d1 > 0 || d2 > 0 || d3 > 0;
  return !(negative && positive);
}

function inHouse(x, y) {
  const roof = inTriangle(x, y, [0.5, 0.18], [0.14, 0.5], [0.86, 0.5]);
  const body = x >= 0.25 && x <= 0.75 && y >= 0.46 && y <= 0.8;
  return roof || body;
}

function inHeart(x, y) {
  // (u² + v² − 1)³ − u²v³ ≤ 0, centred under the roof line.
  const scale = 0.15;
  const u = (x - 0.5) / scale;
  const v = -(y - 0.6) / scale;
  return (u * u + v * v - 1) ** 3 - u * u * v ** 3 <= 0;
}

function sample(x, y) {
  if (!inRoundedSquare(x, y)) return null;
  if (inHeart(x, y)) return CORAL;
  if (inHouse(x, y)) return WHITE;
  const t = Math.min(Math.max((y - 0.04) / 0.92, 0), 1);
  return TEAL_TOP.map((top, i) => Math.round(top + (TEAL_BOTTOM[i] - top) * t));
}

/** RGBA pixels, 4×4 supersampled; colour averaged over covered samples, alpha = coverage. */
export function renderIcon(size) {
  const SS = 4;
  const rgba = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const color = sample((px + (sx + 0.5) / SS) / size, (py + (sy + 0.5) / SS) / size);
          if (color === null) continue;
          r += color[0];
          g += color[1];
          b += color[2];
          covered++;
        }
      }
      const o = (py * size + px) * 4;
      if (covered > 0) {
        rgba[o] = Math.round(r / covered);
        rgba[o + 1] = Math.round(g / covered);
        rgba[o + 2] = Math.round(b / covered);
        rgba[o + 3] = Math.round((covered / (SS * SS)) * 255);
      }
    }
  }
  return rgba;
}

// ---------------------------------------------------------------------------------------------- PNG

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------- ICO

/** An ICO whose entries are PNG images (supported since Windows Vista). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size; // 0 means 256
    entry[1] = size >= 256 ? 0 : size;
    entry[2] = 0; // no palette
    entry[3] = 0;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

// --------------------------------------------------------------------------------------------- main

export async function makeIcons(outDir = BUILD) {
  const pngs = new Map();
  for (const size of new Set([...LINUX_SIZES, ...ICO_SIZES])) pngs.set(size, encodePng(size, renderIcon(size)));
  await mkdir(path.join(outDir, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) await writeFile(path.join(outDir, 'icons', `${size}x${size}.png`), pngs.get(size));
  await writeFile(path.join(outDir, 'icon.png'), pngs.get(512));
  await writeFile(path.join(outDir, 'icon.ico'), encodeIco(ICO_SIZES.map((size) => ({ size, png: pngs.get(size) }))));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await makeIcons();
  console.log(`wrote ${path.relative(ROOT, BUILD)}/icon.png, icon.ico and icons/{${LINUX_SIZES.join(',')}}`);
}
