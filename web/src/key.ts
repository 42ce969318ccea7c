import { h } from './dom.ts';

const STORAGE = 'viscura.apiKey';

/** The key passed once in the URL fragment (`#key=...`, the link `viscura serve` prints) wins and is stored. */
export function takeKeyFromFragment(): void {
  const match = /(?:^#|&)key=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (!match) return;
  storeKey(match[1]);
  history.replaceState(history.state, '', location.pathname + location.search);
}

export function storedKey(): string | null {
  try {
    return localStorage.getItem(STORAGE);
  } catch {
    return null;
  }
}

export function storeKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(STORAGE, key);
    else localStorage.removeItem(STORAGE);
  } catch {
    // Private modes may refuse storage: the key then lives as long as the page.
  }
  memory = key;
}

let memory: string | null = null;
export const currentKey = (): string | null => memory ?? storedKey();

/** The form that asks for a key; resolves once one is entered. */
export function keyForm(message: string, onKey: (key: string) => void): HTMLElement {
  const input = h('input', {
    id: 'api-key',
    name: 'key',
    type: 'password',
    autocomplete: 'off',
    required: true,
    placeholder: 'vsk_...',
  });
  const form = h(
    'form',
    { class: 'key-form', 'aria-labelledby': 'key-title' },
    h('h2', { id: 'key-title' }, 'API key'),
    h('p', { class: 'notice', role: 'alert' }, message),
    h(
      'p',
      {},
      'Paste the key that `viscura serve` (or `npm start`) printed, or create one with `viscura keys create`. ',
      'It is kept in this browser only.',
    ),
    h('label', { for: 'api-key' }, 'Key'),
    input,
    h('button', { type: 'submit', class: 'primary' }, 'Use this key'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key) onKey(key);
  });
  queueMicrotask(() => input.focus());
  return form;
}
