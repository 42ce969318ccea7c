/**
 * The benchmark's hook (bench/map): a page that defines `window.viscuraMapProbe` before it loads gets each
 * frame's drawing time pushed to `draws` and can force a renderer. Without it the page costs one lookup per
 * frame. First paint is marked for everyone as the performance marks `viscura:map-loaded` and
 * `viscura:map-painted` (once per opening of the map, visible in DevTools).
 */
export type Renderer = 'path' | 'splat';

export interface MapProbe {
  renderer?: Renderer;
  /** Milliseconds of script per drawn frame (points + overlay), appended by the page. */
  draws?: number[];
}

export const mapProbe = (): MapProbe | undefined =>
  (globalThis as { viscuraMapProbe?: MapProbe }).viscuraMapProbe;
