import { describe, expect, it } from 'vitest';
import { formatQueryConditions } from '../../shared/query/format.ts';
import { parseQuery, QuerySyntaxError } from '../../shared/query/index.ts';

describe('query syntax', () => {
  it('reads the example of the issue into filters and free text', () => {
    const { filters, text } = parseQuery(
      'label:cat blur>0.6 uniqueness>=0.8 split:test dup:near has:objects -label:dog "sunset over mountains"',
    );
    expect(text).toBe('sunset over mountains');
    expect(filters).toEqual({
      issues: [],
      labels: ['cat'],
      tags: [],
      notLabels: ['dog'],
      splits: ['test'],
      has: ['objects'],
      duplicate: 'near',
      ranges: [
        { field: 'blur', gt: 0.6 },
        { field: 'uniqueness', gte: 0.8 },
      ],
    });
  });

  it('takes quoted values, ranges, issues, prefixes and bare words', () => {
    const { filters, text } = parseQuery(
      'label:"golden retriever" mislabel:0.2..0.9 width<=640 is:blurry is:outlier key:holidays/* tag:beach -tag:night -split:train -has:caption cat photo',
    );
    expect(text).toBe('cat photo');
    expect(filters.labels).toEqual(['golden retriever']);
    expect(filters.ranges).toEqual([
      { field: 'mislabelConfidence', gte: 0.2, lte: 0.9 },
      { field: 'width', lte: 640 },
    ]);
    expect(filters.issues).toEqual(['blur', 'outliers']);
    expect(filters.prefix).toBe('holidays/');
    expect(filters.tags).toEqual(['beach']);
    expect(filters.notTags).toEqual(['night']);
    expect(filters.notSplits).toEqual(['train']);
    expect(filters.lacks).toEqual(['caption']);
  });

  it('names the bad token and where it starts', () => {
    const cases: [string, string, RegExp][] = [
      ['label:cat colour:red', 'colour:red', /unknown field "colour"/],
      ['blur>high', 'blur>high', /not a number/],
      ['blur>1.5', 'blur>1.5', /scores are numbers from 0 to 1/],
      ['label>3', 'label>3', /not a numeric field/],
      ['dup:maybe', 'dup:maybe', /one of: exact, near, any, none/],
      ['is:fuzzy', 'is:fuzzy', /unknown issue/],
      ['-dog', '-dog', /only qualifiers can be negated/],
      ['label:"cat', 'label:"cat', /quote is not closed/],
      ['-dup:near', '-dup:near', /cannot be negated/],
      ['label:', 'label:', /needs a value/],
      ['blur:0.5', 'blur:0.5', /for example blur>0.5/],
    ];
    for (const [query, token, reason] of cases) {
      const error = (() => {
        try {
          parseQuery(query);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, query).toBeInstanceOf(QuerySyntaxError);
      expect((error as QuerySyntaxError).token).toBe(token);
      expect((error as QuerySyntaxError).position).toBe(query.indexOf(token));
      expect((error as Error).message).toMatch(reason);
    }
  });

  it('writes the conditions back as a query that reads the same', () => {
    const { filters } = parseQuery(
      '-label:"big dog" split:val has:objects -has:label blur>0.25 uniqueness<=0.9 dup:exact -tag:x',
    );
    const again = parseQuery(formatQueryConditions(filters)).filters;
    expect(again.notLabels).toEqual(['big dog']);
    expect(again.splits).toEqual(['val']);
    expect(again.has).toEqual(['objects']);
    expect(again.lacks).toEqual(['label']);
    expect(again.ranges).toEqual(filters.ranges);
    expect(again.duplicate).toBe('exact');
    expect(again.notTags).toEqual(['x']);
  });
});
