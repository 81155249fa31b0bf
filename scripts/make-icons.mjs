// Draws the app icon set into resources/ (icon.png 1024 px for macOS, icons/NxN.png for Linux):
// a tray with an arrow into it (a profile going onto a Mac) on a blue rounded square. Plain
// zlib + the PNG format, so it needs no image library; run it again after changing the drawing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Coverage (0..1) of pixel (x, y) in a size×size icon, 4×4 supersampled, RGBA out. */
function pixel(x, y, size) {
  let r = 0, g = 0, b = 0, a = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const u = (x + (sx + 0.5) / 4) / size;
      const v = (y + (sy + 0.5) / 4) / size;
      const [pr, pg, pb, pa] = shade(u, v);
      r += pr * pa; g += pg * pa; b += pb * pa; a += pa;
    }
  }
  return a === 0 ? [0, 0, 0, 0] : [r / a, g / a, b / a, (a / 16) * 255];
}

function inRoundedRect(u, v, x0, y0, x1, y1, radius) {
  const cx = Math.min(Math.max(u, x0 + radius), x1 - radius);
  const cy = Math.min(Math.max(v, y0 + radius), y1 - radius);
  return (u - cx) ** 2 + (v - cy) ** 2 <= radius ** 2;
}

function shade(u, v) {
  // macOS icon grid: the square covers about 80 % of the canvas.
  if (!inRoundedRect(u, v, 0.1, 0.1, 0.9, 0.9, 0.18)) return [0, 0, 0, 0];
  const white = [255, 255, 255, 1];
  // Arrow: shaft and head pointing down into the tray.
  if (u > 0.45 && u < 0.55 && v > 0.22 && v < 0.5) return white;
  if (v >= 0.46 && v < 0.62 && Math.abs(u - 0.5) < (0.62 - v) * 1.1) return white;
  // Tray: a U shape.
  const inTray = u > 0.26 && u < 0.74 && v > 0.56 && v < 0.76;
  const inHollow = u > 0.31 && u < 0.69 && v > 0.5 && v < 0.71;
  if (inTray && !inHollow) return white;
  const t = v;
  return [Math.round(30 + 20 * t), Math.round(110 - 40 * t), Math.round(230 - 40 * t), 1];
}

function png(size) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y, size);
      raw.set([r, g, b, a].map(Math.round), y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

fs.mkdirSync(path.join(root, 'resources', 'icons'), { recursive: true });
fs.writeFileSync(path.join(root, 'resources', 'icon.png'), png(1024));
for (const size of [16, 32, 48, 64, 128, 256, 512]) {
  fs.writeFileSync(path.join(root, 'resources', 'icons', `${size}x${size}.png`), png(size));
}
console.log('wrote resources/icon.png and resources/icons/');
