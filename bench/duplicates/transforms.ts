/**
 * The copies people make of a picture, made with sharp from the original's bytes: every transform the issue
 * lists, each named by the family the report prints (`kind`).
 */
import sharp, { type Sharp } from 'sharp';

export type CopyKind =
  | 're-encoded'
  | 'resized'
  | 'cropped'
  | 'flipped'
  | 'rotated'
  | 'tone-shifted'
  | 'grayscale/sepia'
  | 'blurred/sharpened'
  | 'bordered'
  | 'watermarked';

export interface CopyTransform {
  name: string;
  kind: CopyKind;
  make(input: Buffer, width: number, height: number): Promise<Buffer>;
}

const png = (s: Sharp) => s.png({ compressionLevel: 1 }).toBuffer();
const via = (
  kind: CopyKind,
  name: string,
  shape: (s: Sharp, w: number, h: number) => Sharp | Promise<Buffer>,
) => ({
  name,
  kind,
  make: async (input: Buffer, w: number, h: number) => {
    const out = shape(sharp(input), w, h);
    return out instanceof Promise ? out : png(out);
  },
});

/** A centred (or anchored) crop keeping `area` of the picture. */
function crop(s: Sharp, w: number, h: number, area: number, anchor: 'centre' | 'corner'): Sharp {
  const side = Math.sqrt(area);
  const width = Math.round(w * side);
  const height = Math.round(h * side);
  const left = anchor === 'centre' ? Math.round((w - width) / 2) : Math.round((w - width) * 0.9);
  const top = anchor === 'centre' ? Math.round((h - height) / 2) : Math.round((h - height) * 0.1);
  return s.extract({ left, top, width, height });
}

function gammaLut(gamma: number): (s: Sharp) => Promise<Buffer> {
  return async (s) => {
    const { data, info } = await s.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    for (let i = 0; i < data.length; i++) data[i] = Math.round(255 * (data[i] / 255) ** gamma);
    return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
      .png({ compressionLevel: 1 })
      .toBuffer();
  };
}

function text(w: number, h: number): Buffer {
  const size = Math.round(h / 9);
  return Buffer.from(
    `<svg width="${w}" height="${h}"><text x="${w * 0.05}" y="${h * 0.92}" font-size="${size}" font-family="sans-serif" fill="white" fill-opacity="0.8" stroke="black" stroke-opacity="0.5">© viscura 2026</text></svg>`,
  );
}

function logo(w: number, h: number): Buffer {
  const r = Math.round(Math.min(w, h) * 0.08);
  return Buffer.from(
    `<svg width="${w}" height="${h}"><circle cx="${w - 2 * r}" cy="${2 * r}" r="${r}" fill="#e03030" fill-opacity="0.85"/><rect x="${w - 3 * r}" y="${1.6 * r}" width="${2 * r}" height="${0.8 * r}" fill="white"/></svg>`,
  );
}

export const TRANSFORMS: CopyTransform[] = [
  via('re-encoded', 'jpeg q20', (s) => s.jpeg({ quality: 20 }).toBuffer()),
  via('re-encoded', 'jpeg q50', (s) => s.jpeg({ quality: 50 }).toBuffer()),
  via('re-encoded', 'jpeg q95', (s) => s.jpeg({ quality: 95 }).toBuffer()),
  via('re-encoded', 'webp q75', (s) => s.webp({ quality: 75 }).toBuffer()),
  via('re-encoded', 'png', (s) => s.png().toBuffer()),
  via('resized', 'resize 25%', (s, w, h) => s.resize(Math.round(w / 4), Math.round(h / 4))),
  via('resized', 'resize 50%', (s, w, h) => s.resize(Math.round(w / 2), Math.round(h / 2))),
  via('resized', 'resize 400%', (s, w, h) =>
    s
      .resize(w * 4, h * 4)
      .jpeg({ quality: 90 })
      .toBuffer(),
  ),
  via('cropped', 'crop 80% centre', (s, w, h) => crop(s, w, h, 0.8, 'centre')),
  via('cropped', 'crop 60% centre', (s, w, h) => crop(s, w, h, 0.6, 'centre')),
  via('cropped', 'crop 60% off-centre', (s, w, h) => crop(s, w, h, 0.6, 'corner')),
  via('flipped', 'flip horizontal', (s) => s.flop()),
  via('rotated', 'rotate 3°', (s) => s.rotate(3, { background: '#000000' })),
  via('rotated', 'rotate -5°', (s) => s.rotate(-5, { background: '#ffffff' })),
  via('tone-shifted', 'brightness +30%', (s) => s.modulate({ brightness: 1.3 })),
  via('tone-shifted', 'brightness -30%', (s) => s.modulate({ brightness: 0.7 })),
  via('tone-shifted', 'contrast +40%', (s) => s.linear(1.4, -0.2 * 255)),
  via('tone-shifted', 'contrast -40%', (s) => s.linear(0.6, 0.2 * 255)),
  { name: 'gamma 0.6', kind: 'tone-shifted', make: (input) => gammaLut(0.6)(sharp(input)) },
  { name: 'gamma 1.6', kind: 'tone-shifted', make: (input) => gammaLut(1.6)(sharp(input)) },
  via('tone-shifted', 'saturation x0.4', (s) => s.modulate({ saturation: 0.4 })),
  via('tone-shifted', 'saturation x1.8', (s) => s.modulate({ saturation: 1.8 })),
  via('grayscale/sepia', 'grayscale', (s) => s.grayscale()),
  via('grayscale/sepia', 'sepia', (s) =>
    s.recomb([
      [0.393, 0.769, 0.189],
      [0.349, 0.686, 0.168],
      [0.272, 0.534, 0.131],
    ]),
  ),
  via('blurred/sharpened', 'blur σ1.5', (s) => s.blur(1.5)),
  via('blurred/sharpened', 'sharpen', (s) => s.sharpen({ sigma: 1.5 })),
  via('bordered', 'border 8% black', (s, w) => {
    const b = Math.round(w * 0.08);
    return s.extend({ top: b, bottom: b, left: b, right: b, background: '#000000' });
  }),
  via('bordered', 'padding white to square', (s, w, h) => {
    const side = Math.max(w, h);
    const x = Math.floor((side - w) / 2);
    const y = Math.floor((side - h) / 2);
    return s.extend({ top: y, bottom: side - h - y, left: x, right: side - w - x, background: '#ffffff' });
  }),
  via('bordered', 'letterbox 16:9', (s, w, h) => {
    const width = Math.max(w, Math.round((h * 16) / 9));
    const height = Math.max(h, Math.round((width * 9) / 16));
    const x = Math.floor((width - w) / 2);
    const y = Math.floor((height - h) / 2);
    return s.extend({ top: y, bottom: height - h - y, left: x, right: width - w - x, background: '#000000' });
  }),
  via('watermarked', 'text watermark', (s, w, h) => s.composite([{ input: text(w, h) }])),
  via('watermarked', 'logo watermark', (s, w, h) => s.composite([{ input: logo(w, h) }])),
];
