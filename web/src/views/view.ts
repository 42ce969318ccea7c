/** A rendered view: its element at once, and a promise for the data it is still loading. */
export interface Rendered {
  element: HTMLElement;
  ready: Promise<void>;
}
