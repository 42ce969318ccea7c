import { h } from '../dom.ts';

const SHOWN_MS = 6_000;

/** A small polite notice at the foot of the window, "12 new images · run finished 14:02", gone after a few s. */
export function liveNotice(): { element: HTMLElement; show(text: string): void } {
  const element = h('p', { class: 'live-notice', role: 'status', 'aria-live': 'polite', 'data-live': '' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    element,
    show(text) {
      // Set into an element that is already in the page, so screen readers announce the change.
      element.textContent = text;
      element.classList.add('shown');
      clearTimeout(timer);
      timer = setTimeout(() => {
        element.classList.remove('shown');
        element.textContent = '';
      }, SHOWN_MS);
    },
  };
}
