import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VisibleError } from '../../shared/errors/index.ts';
import { compileFilter, type Filter, where } from '../../shared/store/filters.ts';
import type { Store } from '../../shared/store/types.ts';
import { imageRow, tempStore } from './helpers.ts';

const columns = { label: 'string', key: 'string', blur: 'number', tags: 'strings', flag: 'boolean' } as const;

describe('compileFilter', () => {
  it.each<[string, Filter, string]>([
    ['equality', where.eq('label', 'cat'), "(`label` = 'cat')"],
    ['quote doubled', where.eq('label', "it's"), "(`label` = 'it''s')"],
    ['injection stays inside the literal', where.eq('label', "x' OR 1=1 --"), "(`label` = 'x'' OR 1=1 --')"],
    ['backslash kept as is', where.eq('label', 'a\\b'), "(`label` = 'a\\b')"],
    ['in list', where.in('label', ['a', "b'"]), "(`label` IN ('a', 'b'''))"],
    ['empty in matches nothing', where.in('label', []), 'false'],
    ['prefix', where.prefix('key', "dir/it's"), "starts_with(`key`, 'dir/it''s')"],
    [
      'contains escapes LIKE wildcards',
      where.contains('key', '50%_A\\'),
      "(lower(`key`) LIKE '%50\\%\\_a\\\\%')",
    ],
    ['range', where.range('blur', { gte: 0.5, lt: 1 }), '(`blur` >= 0.5 AND `blur` < 1)'],
    ['list membership', where.has('tags', "o'k"), "array_has(`tags`, 'o''k')"],
    ['boolean', where.eq('flag', true), '(`flag` = true)'],
    ['null', where.isNull('label'), '(`label` IS NULL)'],
    [
      'and/or/not',
      where.and(where.eq('label', 'a'), where.not(where.or(where.eq('key', 'b')))),
      "((`label` = 'a') AND (NOT ((`key` = 'b'))))",
    ],
    ['empty and is true', where.and(), 'true'],
    ['empty or is false', where.or(), 'false'],
  ])('%s', (_name, filter, sql) => {
    expect(compileFilter(filter, columns)).toBe(sql);
  });

  it.each<[string, Filter, RegExp]>([
    ['unknown column', where.eq('label; DROP TABLE images', 'x'), /Unknown filter field/],
    ['prototype key is not a column', where.eq('constructor', 'x'), /Unknown filter field/],
    ['string on a number', where.eq('blur', "0' OR 1=1"), /takes a number/],
    ['NaN', where.range('blur', { gt: Number.NaN }), /finite number/],
    ['Infinity', where.eq('blur', Number.POSITIVE_INFINITY), /finite number/],
    ['range on text', where.range('label', { gt: 1 }), /not numeric/],
    ['has on a scalar', where.has('label', 'x'), /not a list/],
    ['eq on a list', where.eq('tags', 'x'), /is a list/],
    ['unknown op', { op: 'raw', sql: '1=1' } as unknown as Filter, /Unknown filter operation/],
  ])('refuses %s with a VisibleError', (_name, filter, message) => {
    expect(() => compileFilter(filter, columns)).toThrow(VisibleError);
    expect(() => compileFilter(filter, columns)).toThrow(message);
  });

  it('refuses filters nested deeper than it allows', () => {
    let filter: Filter = where.eq('label', 'x');
    for (let i = 0; i < 40; i++) filter = where.not(filter);
    expect(() => compileFilter(filter, columns)).toThrow(/nest/);
  });
});

describe('hostile filter values against a real table', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await tempStore());
    await store.images.upsert([
      imageRow('ds', 'plain.jpg', { label: 'cat', tags: ['pet'] }),
      imageRow('ds', "quote's.jpg", { label: "it's", tags: ["o'k"] }),
      imageRow('ds', 'back\\slash.jpg', { label: 'a\\b' }),
      imageRow('ds', '100%_done.jpg', { label: '猫 ünïcode' }),
      imageRow('other', 'plain.jpg', { label: 'cat' }),
    ]);
  });
  afterAll(() => cleanup());

  const hostile = [
    "x' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE images; --',
    "'; DELETE FROM images; --",
    "cat') OR ('1'='1",
    '\\',
    "\\'",
    '%',
    '_',
    '\u0000',
    '\n',
    '😀',
  ];

  it.each(hostile)('%j matches nothing and throws nothing', async (value) => {
    expect(await store.images.count('ds', where.eq('label', value))).toBe(0);
    expect(await store.images.count('ds', where.in('key', [value, 'nope']))).toBe(0);
    expect(await store.images.count('ds', where.has('tags', value))).toBe(0);
    expect(await store.images.count(value)).toBe(0);
    expect(await store.images.deleteKeys('ds', [value])).toBe(0);
    expect(await store.images.count('ds')).toBe(4);
  });

  it('matches exactly the rows whose values hold quotes, backslashes and unicode', async () => {
    expect(await store.images.count('ds', where.eq('label', "it's"))).toBe(1);
    expect(await store.images.count('ds', where.eq('label', 'a\\b'))).toBe(1);
    expect(await store.images.count('ds', where.eq('label', '猫 ünïcode'))).toBe(1);
    expect(await store.images.count('ds', where.has('tags', "o'k"))).toBe(1);
    expect(await store.images.count('ds', where.prefix('key', "quote'"))).toBe(1);
    expect(await store.images.count('ds', where.prefix('key', 'back\\'))).toBe(1);
  });

  it('contains takes % and _ literally', async () => {
    expect(await store.images.count('ds', where.contains('key', '100%_'))).toBe(1);
    expect(await store.images.count('ds', where.contains('key', '%'))).toBe(1);
    expect(await store.images.count('ds', where.contains('key', 'PLAIN'))).toBe(1);
    expect(await store.images.count('ds', where.contains('key', '0_d'))).toBe(0);
  });

  it('a text search reads hostile input as words: no syntax, no error', async () => {
    for (const value of hostile.filter((text) => !text.includes('cat'))) {
      expect(await store.images.textSearch('ds', value)).toEqual([]);
    }
    const hits = await store.images.textSearch('ds', "cat') OR ('1'='1");
    expect(hits.map((hit) => hit.row.key)).toEqual(['plain.jpg']);
  });
});
