import { describe, expect, it } from 'vitest';
import { packColor, splatColors, splatInto } from '../../web/src/map/splat.ts';

const RED = packColor('#ff0000');
const BLUE = packColor('rgb(0,0,255)');
const fit = { scale: 100, offsetX: 0, offsetY: 0 };
/** Painted pixels of a width x height buffer as "x,y" strings. */
const painted = (pixels: Uint32Array, width: number, color: number) =>
  [...pixels.keys()].filter((i) => pixels[i] === color).map((i) => `${i % width},${Math.floor(i / width)}`);

describe('map splats: points written as pixel squares (the renderer of maps from 20k points)', () => {
  it('packs the colours the map uses as opaque RGBA words in ImageData byte order', () => {
    const bytes = new Uint8Array(Uint32Array.of(packColor('#4e79a7')).buffer);
    expect([...bytes]).toEqual([0x4e, 0x79, 0xa7, 255]);
    expect([...new Uint8Array(Uint32Array.of(packColor('rgb(196,200,207)')).buffer)]).toEqual([
      196, 200, 207, 255,
    ]);
    expect([...splatColors(['#ff0000', 'rgb(0,0,255)', '#ff0000'])]).toEqual([RED, BLUE, RED]);
  });

  it('draws each point as a square of its size centred on it, in its colour, later points on top', () => {
    const pixels = new Uint32Array(100 * 100);
    const xs = Float32Array.of(0.1, 0.5, 0.51);
    const ys = Float32Array.of(0.1, 0.5, 0.5);
    splatInto(pixels, 100, Uint32Array.of(RED, RED, BLUE), xs, ys, fit, 2, 1);
    // (10, 10) with side 2 covers x 9..10, y 9..10.
    expect(painted(pixels, 100, RED)).toContain('9,9');
    expect(painted(pixels, 100, RED)).toContain('10,10');
    expect(painted(pixels, 100, BLUE)).toEqual(['50,49', '51,49', '50,50', '51,50']);
    // The blue point covered half of the red one at (50, 50).
    expect(painted(pixels, 100, RED)).toHaveLength(4 + 2);
  });

  it('follows the view (pan and zoom), scales by the device pixel ratio and clears the previous frame', () => {
    const pixels = new Uint32Array(200 * 200);
    const one = [Uint32Array.of(RED), Float32Array.of(0.5), Float32Array.of(0.5)] as const;
    splatInto(pixels, 200, ...one, { scale: 100, offsetX: 20, offsetY: 0 }, 2, 2);
    // CSS (70, 50) at ratio 2: device (140, 100), a 4 x 4 square.
    expect(painted(pixels, 200, RED)).toHaveLength(16);
    expect(painted(pixels, 200, RED)).toContain('138,98');
    expect(painted(pixels, 200, RED)).toContain('141,101');
    // Zoomed out by half: CSS (25, 25), device (50, 50); the square of the frame before is gone.
    splatInto(pixels, 200, ...one, { scale: 50, offsetX: 0, offsetY: 0 }, 2, 2);
    const now = painted(pixels, 200, RED);
    expect(now).toHaveLength(16);
    expect(now).toContain('48,48');
    expect(now).toContain('51,51');
    expect(now).not.toContain('138,98');
  });

  it('clips points at and past the edges without writing outside the canvas', () => {
    const pixels = new Uint32Array(10 * 10);
    const xs = Float32Array.of(0, 1, -5, 0.5);
    const ys = Float32Array.of(0, 1, 0.5, 9);
    splatInto(
      pixels,
      10,
      Uint32Array.of(RED, BLUE, RED, RED),
      xs,
      ys,
      { scale: 10, offsetX: 0, offsetY: 0 },
      4,
      1,
    );
    // The corner points keep the quarter of their 4 x 4 square that is on the canvas; the others are off it.
    expect(painted(pixels, 10, RED)).toEqual(['0,0', '1,0', '0,1', '1,1']);
    expect(painted(pixels, 10, BLUE)).toEqual(['8,8', '9,8', '8,9', '9,9']);
  });
});
