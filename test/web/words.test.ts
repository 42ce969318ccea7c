import { describe, expect, it } from 'vitest';
import { clusterTitle } from '../../web/src/words/cluster-title.ts';
import { countWords } from '../../web/src/words/counts.ts';
import { middleEllipsis } from '../../web/src/words/file-name.ts';
import { scoresDiffer } from '../../web/src/words/scores.ts';
import {
  clusterCountWords,
  labelShareWords,
  levelWords,
  visualClusterName,
  visualClusterTitle,
} from '../../web/src/words/visual-clusters.ts';
import { voteWords } from '../../web/src/words/vote.ts';

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

describe('duplicate cluster titles', () => {
  it('names the label, the keeper and the number of copies', () => {
    expect(clusterTitle({ labels: ['cat', 'cat', 'cat'], keeperKey: 'cats/cat-0007.png', size: 4 })).toBe(
      'cat · cats/cat-0007.png · 4 copies',
    );
  });

  it('says when labels disagree or are missing, and cuts a long keeper name in the middle', () => {
    const title = clusterTitle(
      {
        labels: ['dog', null, 'cat', 'dog'],
        keeperKey: 'checkers/checkers-0012.png',
        size: 2,
      },
      20,
    );
    expect(title).toBe('cat / dog · checkers/…s-0012.png · 2 copies');
    expect(clusterTitle({ labels: [null], keeperKey: 'a.png', size: 1 })).toBe('unlabelled · a.png · 1 copy');
  });
});

describe('the label vote in words', () => {
  it('counts the neighbours that carry the suggested label', () => {
    const voters = ['dog', 'dog', 'cat', 'dog', 'dog', 'dog', 'bird', 'dog', 'dog', 'cat'];
    expect(voteWords(voters, 'cat', 'dog')).toBe('7 of 10 neighbours are ‘dog’; it is labelled ‘cat’.');
  });

  it('without a suggestion, counts the most common label', () => {
    expect(voteWords(['cat', 'cat', 'dog'], 'cat', null)).toBe('2 of 3 neighbours are ‘cat’; so is it.');
    expect(voteWords(['dog'], null, null)).toBe('Its one neighbour is ‘dog’; it has no label.');
    expect(voteWords(['cat', 'dog', 'bird'], 'cat', 'fish')).toBe(
      '1 of 3 neighbours is ‘bird’; it is labelled ‘cat’.',
    );
    expect(voteWords([], 'cat', 'dog')).toBeNull();
  });
});

describe('visual cluster words', () => {
  const labels = [
    { label: 'cat', count: 7, share: 7 / 12 },
    { label: 'dog', count: 3, share: 3 / 12 },
    { label: null, count: 2, share: 2 / 12 },
  ];

  it('say which way the levels go and how many clusters a level has', () => {
    expect([0, 2, 4].map((level) => levelWords(level))).toEqual([
      'level 0 (coarse)',
      'level 2',
      'level 4 (fine)',
    ]);
    expect(clusterCountWords(12, 2)).toBe('12 clusters at level 2');
    expect(clusterCountWords(1, 0)).toBe('1 cluster at level 0');
  });

  it('give the dominant labels with their shares, unlabelled by that word', () => {
    expect(labelShareWords(labels)).toBe('cat 58% · dog 25% · unlabelled 17%');
  });

  it('name a cluster by its main label, its two most common when none has half, or its number', () => {
    expect(visualClusterName({ id: 3, labels })).toBe('cat');
    const mixed = [
      { label: 'dog', count: 4, share: 0.4 },
      { label: null, count: 3, share: 0.3 },
    ];
    expect(visualClusterName({ id: 3, labels: mixed })).toBe('dog / unlabelled');
    expect(visualClusterName({ id: 3, labels: null })).toBe('cluster 3');
    expect(visualClusterTitle({ id: 3, level: 2, size: 12, labels })).toBe('cat · level 2 · 12 images');
  });
});
