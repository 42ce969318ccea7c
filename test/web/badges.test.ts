import { describe, expect, it } from 'vitest';
import { defaultState } from '../../web/src/state.ts';
import { badgesOf } from '../../web/src/views/badges.ts';

const thresholds = (change: Partial<ReturnType<typeof defaultState>['thresholds']>) => ({
  ...defaultState().thresholds,
  ...change,
});

describe('card badges are judged against their own slider', () => {
  // What the API sends when Blurry is at 0: every issue at the request's one threshold, 0.
  const hits = [
    { type: 'blur' as const, confidence: 0.12 },
    { type: 'dark' as const, confidence: 0.3 },
    { type: 'mislabels' as const, confidence: 0.2, suggestedLabel: 'cat' },
    { type: 'duplicates' as const, confidence: 0.81 },
  ];

  it('moving Blurry to 0 shows blur badges, not dark or mislabel ones below their sliders', () => {
    const badges = badgesOf(hits, thresholds({ blur: 0 }));
    expect(badges.map((badge) => badge.type)).toEqual(['blur', 'duplicates']);
  });

  it('a badge shows from its slider up, with its confidence, and its meaning in the title', () => {
    expect(badgesOf(hits, thresholds({ dark: 0.3 })).map((badge) => badge.text)).toEqual([
      'dark 0.30',
      'duplicate 0.81',
    ]);
    const [mislabel] = badgesOf(hits, thresholds({ mislabels: 0.2, duplicates: 0.9 }));
    expect(mislabel.text).toBe('mislabel → cat 0.20');
    expect(mislabel.title).toBe('confidence its label is wrong: 0.20 (shown at Mislabels ≥ 0.20)');
  });
});
