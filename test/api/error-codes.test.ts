import { describe, expect, it } from 'vitest';
import { toApiError } from '../../shared/api/errors.ts';
import { openApiDocument } from '../../shared/api/openapi.ts';
import { mergePartials } from '../../shared/cloud/fanout/merge.ts';
import { ERROR_CODES, ERROR_STATUS, VisibleError } from '../../shared/errors/index.ts';
import { MediaError } from '../../shared/media/errors.ts';

describe('error codes', () => {
  it('maps every code to an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      const status = ERROR_STATUS[code];
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(code, code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    }
  });

  it('lists every code in the OpenAPI error schema', () => {
    const doc = openApiDocument([], 'test') as {
      components: { schemas: { Error: { properties: { code: { enum: string[] } } } } };
    };
    expect([...doc.components.schemas.Error.properties.code.enum].sort()).toEqual([...ERROR_CODES].sort());
  });

  it('answers server faults with their 5xx and a reference, not 400', () => {
    for (const code of ['shard_failed', 'locked', 'partition_failed', 'schema_too_old'] as const) {
      const { error, bug } = toApiError(new VisibleError('/some/internal/path broke', code), 'ref-1');
      expect(error.status).toBe(ERROR_STATUS[code]);
      expect(error.status).toBeGreaterThanOrEqual(500);
      expect(error.message).not.toContain('/some/internal/path');
      expect(error.message).toContain('ref-1');
      expect(bug).toBe(true);
    }
    const notYet = toApiError(new VisibleError('Run curate first.', 'no_curation_run'), 'ref-2');
    expect(notYet.error.status).toBe(409);
    expect(notYet.bug).toBe(false);
  });

  it('has no default code: a conflict is a 409, a fan-out fault a 500', () => {
    // @ts-expect-error every throw site names its code
    expect(new VisibleError('no code').code).toBeUndefined();
    for (const code of ['conflict', 'needs_full_run'] as const) {
      expect(toApiError(new VisibleError('Refused.', code), 'ref-4').error.status).toBe(409);
    }
    const partial = {
      start: 0,
      rows: 1,
      k: 1,
      neighbors: new Int32Array(1),
      similarities: new Float32Array(1),
    };
    const twice = (() => {
      try {
        mergePartials(1, 1, [partial, partial]);
      } catch (error) {
        return error;
      }
    })();
    expect(toApiError(twice, 'ref-5').error.status).toBe(500);
  });

  it('sends media reasons as their snake_case code with their status', () => {
    const { error } = toApiError(new MediaError('too-large', 'file is too large'), 'ref-3');
    expect(error.body()).toMatchObject({ status: 413, code: 'too_large' });
  });
});
