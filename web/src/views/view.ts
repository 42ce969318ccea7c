/** A rendered view: its element at once, and a promise for the data it is still loading. */
export interface Rendered {
  element: HTMLElement;
  ready: Promise<void>;
  /** Loads on until at least this many results are shown (a live refresh keeps the reader's place). */
  grow?(results: number): Promise<void>;
}
