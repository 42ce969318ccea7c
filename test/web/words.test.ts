import { describe, expect, it } from 'vitest';
import { countWords } from '../../web/src/words/counts.ts';
import { middleEllipsis } from '../../web/src/words/file-name.ts';
import { scoresDiffer } from '../../web/src/words/scores.ts';

describe('file names cut in the middle', () => {
  it('keeps the folder, the end and the extension', () => {
    expect(middleEllipsis('checkers/checkers-0012.png', 25)).toBe('checkers/che…ers-0012.png');
    expect(middleEllipsis('checkers/checkers-0012.png', 16)).toBe('checker…0012.png');
  });

  it('leaves a name that fits alone', () => {
    expect(middleEllipsis('cats/cat-1.jpg', 25)).toBe('cats/cat-1.jpg');
    expect(middleEllipsis('checkers/checkers-0012.png', 26)).toBe('checkers/checkers-0012.png');
  });

  it('is exactly as long as asked, counting characters, not UTF-16 units', () => {
    const name = 'fotos/überraschung-😀-sehr-lang-2024-07-01.jpeg';
    for (const max of [10, 17, 30]) {
      const cut = middleEllipsis(name, max);
      expect(Array.from(cut)).toHaveLength(max);
      expect(cut.endsWith('.jpeg')).toBe(true);
      expect(cut).not.toContain('\ufffd');
    }
  });

  it('keeps the extension and four characters before it even when short, and the start of the name', () => {
    const cut = middleEllipsis('a-very-long-folder-name/x-000123.tiff', 14);
    expect(cut).toBe('a-ve…0123.tiff');
  });

  it('treats a leading dot or a dot in a folder as no extension', () => {
    expect(middleEllipsis('folder.v2/abcdefghijklmnop', 11)).toBe('folde…lmnop');
    expect(middleEllipsis('.abcdefghijklmnopqrstuvwxyz', 9)).toBe('.abc…wxyz');
  });
});

describe('scores worth showing', () => {
  it('hides scores that are all equal (full-text 1.00), shows scores that rank', () => {
    expect(scoresDiffer([1, 1, 1, 1])).toBe(false);
    expect(scoresDiffer([0.5012, 0.5031])).toBe(false);
    expect(scoresDiffer([0.93, 0.71, 0.7])).toBe(true);
    expect(scoresDiffer([1])).toBe(false);
    expect(scoresDiffer([])).toBe(false);
  });
});

describe('result counts in words', () => {
  it('says the total where the API gives one, and how many are shown', () => {
    expect(countWords({ shown: 48, done: false, total: 1204, noun: 'images' })).toBe(
      '1,204 images · 48 shown',
    );
    expect(countWords({ shown: 60, done: true, total: 60, noun: 'images' })).toBe('60 images');
  });

  it('without a total, says "the first" until the end is reached', () => {
    expect(countWords({ shown: 48, done: false, total: null, noun: 'images' })).toBe('the first 48 images');
    expect(countWords({ shown: 24, done: true, total: null, noun: 'similar images' })).toBe(
      '24 similar images',
    );
    expect(countWords({ shown: 1, done: true, total: null, noun: 'matching images' })).toBe(
      '1 matching image',
    );
  });
});
