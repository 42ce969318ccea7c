/**
 * Graded degradations of a real photo, made with sharp (blurs as convolutions) or as exact per-pixel maps
 * (exposure in linear light, washes). Every function takes and returns 8-bit RGB pixels, so the set's generator
 * decides the encoding once.
 */
import sharp from 'sharp';
import type { Raster } from '../../shared/media/types.ts';

const toLinear = Float64Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

function toSrgb(linear: number): number {
  const l = Math.min(1, Math.max(0, linear));
  const c = l <= 0.0031308 ? 12.92 * l : 1.055 * l ** (1 / 2.4) - 0.055;
  return Math.round(c * 255);
}

function mapValues(image: Raster, lut: Uint8Array): Raster {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = lut[image.data[i]];
  return { ...image, data };
}

/** A camera exposure change of `ev` stops: linear light times 2^ev, highlights clip as a sensor's would. */
export function exposure(image: Raster, ev: number): Raster {
  const gain = 2 ** ev;
  return mapValues(
    image,
    Uint8Array.from({ length: 256 }, (_, v) => toSrgb(toLinear[v] * gain)),
  );
}

/** Blends every pixel a share `amount` of the way toward `veil` (white for a wash, pale grey-blue for haze). */
export function veil(image: Raster, amount: number, colour: [number, number, number]): Raster {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.round(image.data[i] * (1 - amount) + colour[i % 3] * amount);
  }
  return { ...image, data };
}

async function convolve(image: Raster, size: number, kernel: number[]): Promise<Raster> {
  const scale = kernel.reduce((a, b) => a + b, 0);
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .convolve({ width: size, height: size, kernel, scale })
    .raw()
    .toBuffer();
  return { ...image, data: new Uint8Array(data) };
}

/** Out-of-focus blur as a Gaussian of `sigma` pixels. */
export async function gaussian(image: Raster, sigma: number): Promise<Raster> {
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .blur(sigma)
    .raw()
    .toBuffer();
  return { ...image, data: new Uint8Array(data) };
}

/** Out-of-focus blur as a real lens makes it: a uniform disc of `radius` pixels (anti-aliased rim). */
export function disc(image: Raster, radius: number): Promise<Raster> {
  const half = Math.ceil(radius) + 1;
  const size = 2 * half + 1;
  const kernel: number[] = [];
  for (let y = -half; y <= half; y++) {
    for (let x = -half; x <= half; x++)
      kernel.push(Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(x, y))));
  }
  return convolve(image, size, kernel);
}

/** Camera shake: a straight streak `length` pixels long at `degrees` from horizontal (splatted bilinearly). */
export function motion(image: Raster, length: number, degrees: number): Promise<Raster> {
  const half = Math.ceil(length / 2) + 1;
  const size = 2 * half + 1;
  const kernel = new Array<number>(size * size).fill(0);
  const dx = Math.cos((degrees * Math.PI) / 180);
  const dy = Math.sin((degrees * Math.PI) / 180);
  const steps = Math.ceil(length * 8);
  for (let s = 0; s <= steps; s++) {
    const t = (s / steps - 0.5) * length;
    const x = half + t * dx;
    const y = half + t * dy;
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    kernel[y0 * size + x0] += (1 - fx) * (1 - fy);
    kernel[y0 * size + x0 + 1] += fx * (1 - fy);
    kernel[(y0 + 1) * size + x0] += (1 - fx) * fy;
    kernel[(y0 + 1) * size + x0 + 1] += fx * fy;
  }
  return convolve(image, size, kernel);
}

/** Per-pixel blend: `mask` 1 keeps `front`, 0 keeps `back`. */
export function blend(front: Raster, back: Raster, mask: Float32Array): Raster {
  const data = new Uint8Array(front.data.length);
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i];
    for (let c = 0; c < 3; c++) {
      const p = 3 * i + c;
      data[p] = Math.round(front.data[p] * m + back.data[p] * (1 - m));
    }
  }
  return { ...front, data };
}

/** Where the photo has the most detail: the centre of its busiest window of `fraction` of each side. */
export function busiestCentre(image: Raster, fraction: number): { x: number; y: number } {
  const { data, width: w, height: h } = image;
  const cell = Math.max(4, Math.round(Math.min(w, h) / 48));
  const cw = Math.floor(w / cell);
  const ch = Math.floor(h / cell);
  const energy = new Float64Array(cw * ch);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = 3 * (y * w + x);
      const gx = data[i + 4] - data[i - 2];
      const gy = data[i + 3 * w + 1] - data[i - 3 * w + 1];
      const cx = Math.min(cw - 1, Math.floor(x / cell));
      const cy = Math.min(ch - 1, Math.floor(y / cell));
      energy[cy * cw + cx] += Math.abs(gx) + Math.abs(gy);
    }
  }
  const ww = Math.max(1, Math.round(cw * fraction));
  const wh = Math.max(1, Math.round(ch * fraction));
  let best = { x: w / 2, y: h / 2, sum: -1 };
  for (let y0 = 0; y0 + wh <= ch; y0++) {
    for (let x0 = 0; x0 + ww <= cw; x0++) {
      let sum = 0;
      for (let y = y0; y < y0 + wh; y++) for (let x = x0; x < x0 + ww; x++) sum += energy[y * cw + x];
      if (sum > best.sum) best = { x: (x0 + ww / 2) * cell, y: (y0 + wh / 2) * cell, sum };
    }
  }
  return best;
}

/** An ellipse of semi-axes (rx, ry) around (cx, cy), 1 inside, fading to 0 over `feather` pixels. */
export function ellipseMask(
  width: number,
  height: number,
  centre: { x: number; y: number },
  rx: number,
  ry: number,
  feather: number,
): Float32Array {
  const mask = new Float32Array(width * height);
  const scale = Math.min(rx, ry);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const r = Math.hypot((x - centre.x) / rx, (y - centre.y) / ry);
      mask[y * width + x] = Math.min(1, Math.max(0, ((1 - r) * scale) / feather + 0.5));
    }
  }
  return mask;
}

/** A plain canvas of one colour, or a smooth vertical gradient between two, with a camera's faint noise. */
export function canvas(
  width: number,
  height: number,
  top: [number, number, number],
  bottom: [number, number, number] = top,
  noise = 1.2,
  random: () => number = Math.random,
): Raster {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const t = height > 1 ? y / (height - 1) : 0;
    for (let x = 0; x < width; x++) {
      const grain = noise * (random() + random() - 1);
      for (let c = 0; c < 3; c++) {
        const v = top[c] + (bottom[c] - top[c]) * t + grain;
        data[3 * (y * width + x) + c] = Math.min(255, Math.max(0, Math.round(v)));
      }
    }
  }
  return { data, width, height };
}

/** Paints lit rectangles (windows) and round glows (street lamps) over a picture, in place. */
export function lights(image: Raster, share: number, random: () => number): Raster {
  const { width: w, height: h } = image;
  const data = new Uint8Array(image.data);
  const target = share * w * h;
  let lit = 0;
  while (lit < target) {
    const ww = Math.max(2, Math.round(w * (0.006 + 0.01 * random())));
    const wh = Math.max(2, Math.round(ww * (1 + random())));
    const x0 = Math.floor(random() * (w - ww));
    const y0 = Math.floor(h * 0.25 + random() * (h * 0.7 - wh));
    const warm: [number, number, number] =
      random() < 0.7 ? [255, 214 + random() * 30, 140 + random() * 60] : [230, 240, 255];
    for (let y = y0; y < y0 + wh; y++) {
      for (let x = x0; x < x0 + ww; x++) {
        for (let c = 0; c < 3; c++)
          data[3 * (y * w + x) + c] = Math.round(warm[c] * (0.85 + 0.15 * random()));
      }
    }
    lit += ww * wh;
  }
  for (let lamp = 0; lamp < 5; lamp++) {
    const cx = random() * w;
    const cy = h * (0.4 + 0.5 * random());
    const r = Math.min(w, h) * (0.015 + 0.02 * random());
    for (let y = Math.max(0, Math.floor(cy - 3 * r)); y < Math.min(h, cy + 3 * r); y++) {
      for (let x = Math.max(0, Math.floor(cx - 3 * r)); x < Math.min(w, cx + 3 * r); x++) {
        const glow = Math.exp(-((Math.hypot(x - cx, y - cy) / r) ** 2));
        for (let c = 0; c < 3; c++) {
          const p = 3 * (y * w + x) + c;
          data[p] = Math.round(data[p] + (255 - data[p]) * glow);
        }
      }
    }
  }
  return { ...image, data };
}

/** A shrunken copy of `image` whose longest side is `side`. */
export async function shrink(image: Raster, side: number): Promise<Raster> {
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .resize(side, side, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** Pastes `front` (masked by `mask` of its own size) onto `back` with its top-left at (left, top). */
export function paste(back: Raster, front: Raster, mask: Float32Array, left: number, top: number): Raster {
  const data = new Uint8Array(back.data);
  for (let y = 0; y < front.height; y++) {
    for (let x = 0; x < front.width; x++) {
      const m = mask[y * front.width + x];
      const p = 3 * ((y + top) * back.width + x + left);
      const q = 3 * (y * front.width + x);
      for (let c = 0; c < 3; c++) data[p + c] = Math.round(front.data[q + c] * m + data[p + c] * (1 - m));
    }
  }
  return { ...back, data };
}

/** A sepia print: luma mapped onto a warm brown ramp (monochrome, but not grey). */
export function sepia(image: Raster): Raster {
  const data = new Uint8Array(image.data.length);
  for (let p = 0; p < data.length; p += 3) {
    const y = (0.299 * image.data[p] + 0.587 * image.data[p + 1] + 0.114 * image.data[p + 2]) / 255;
    data[p] = Math.round(255 * Math.min(1, y * 1.07 + 0.02));
    data[p + 1] = Math.round(255 * Math.min(1, y * 0.91 + 0.01));
    data[p + 2] = Math.round(255 * Math.min(1, y * 0.7));
  }
  return { ...image, data };
}

/** The picture in true grey (R = G = B), as a black-and-white conversion stored as RGB. */
export function grey(image: Raster): Raster {
  const data = new Uint8Array(image.data.length);
  for (let p = 0; p < data.length; p += 3) {
    const y = Math.round(0.299 * image.data[p] + 0.587 * image.data[p + 1] + 0.114 * image.data[p + 2]);
    data[p] = y;
    data[p + 1] = y;
    data[p + 2] = y;
  }
  return { ...image, data };
}

/** Colour kept at `saturation` (0.15 = a grey street in overcast light), and its true colours inside `mask`. */
export function mostlyGrey(image: Raster, saturation: number, mask: Float32Array): Raster {
  const data = new Uint8Array(image.data.length);
  for (let i = 0; i < mask.length; i++) {
    const p = 3 * i;
    const y = 0.299 * image.data[p] + 0.587 * image.data[p + 1] + 0.114 * image.data[p + 2];
    const s = saturation + (1 - saturation) * mask[i];
    for (let c = 0; c < 3; c++) data[p + c] = Math.round(y + (image.data[p + c] - y) * s);
  }
  return { ...image, data };
}
