import sharp from 'sharp';

/** A new picture for each arrival (not a copy of one already there). */
export function arrival(seed: number): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240"><rect width="320" height="240" fill="hsl(${hue},60%,50%)"/><circle cx="${60 + ((seed * 37) % 200)}" cy="120" r="${30 + (seed % 5) * 10}" fill="hsl(${(hue + 180) % 360},70%,40%)"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
