import { describe, expect, it } from 'vitest';
import type { ImageDetail } from '../../web/src/types.ts';
import { scoreLines } from '../../web/src/views/meanings.ts';

/** The detail view's score table needs only the image's quality and curation fields. */
function detail(quality: Partial<ImageDetail['quality']>, unjudged: ImageDetail['qualityUnjudged']) {
  const scores = {
    blur: 0,
    dark: 0,
    bright: 0,
    lowInformation: 0,
    oddSize: 0,
    oddAspectRatio: 0,
    grayscale: 0,
  };
  return { quality: { ...scores, ...quality }, qualityUnjudged: unjudged, curation: null } as ImageDetail;
}

describe('the detail view says when a quality check could not judge', () => {
  it('shows the reason instead of a number for that check, and numbers for the others', () => {
    const lines = scoreLines(
      detail({ dark: 0.8123 }, { blur: 'too small (150x100 < 192 px shortest side)' }),
    );
    expect(lines.find((line) => line.name === 'Blur')).toEqual({
      name: 'Blur',
      value: '—',
      meaning: 'cannot judge: too small (150x100 < 192 px shortest side)',
    });
    expect(lines.find((line) => line.name === 'Dark')?.value).toBe('0.812');
  });

  it('shows the confidence of a judged image', () => {
    const lines = scoreLines(detail({ blur: 0.25 }, {}));
    expect(lines.find((line) => line.name === 'Blur')).toMatchObject({ value: '0.250' });
  });
});
