import { describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../shared/api/schemas/common.ts';
import { answer, invocations, viaEdge } from './helpers.ts';

const path = '/v1/datasets/pets/images?limit=2';
const unreachable = { VISCURA_LAMBDA_ENDPOINT: 'http://127.0.0.1:9', VISCURA_LAMBDA_ATTEMPTS: '1' };

describe('when the query Lambda cannot answer, the edge answers in the API error body', () => {
  it('the function throws (FunctionError): 502 with a reference', async () => {
    // The ingest function, given an HTTP event, throws: a real function error from a real handler.
    const { response, tag } = await viaEdge(path, { bindings: { VISCURA_QUERY_FUNCTION: 'ingest' } });
    const { status, body } = await answer(response);
    expect(status).toBe(502);
    expect(errorBodySchema.parse(body)).toMatchObject({
      status: 502,
      code: 'upstream_failed',
      message: expect.stringMatching(/could not answer \(reference [0-9a-f-]{36}\)/),
    });
    expect(await invocations(tag)).toMatchObject([{ function: 'ingest' }]);
  });

  it('no such function: 502', async () => {
    const { response, tag } = await viaEdge(path, {
      bindings: { VISCURA_QUERY_FUNCTION: 'no-such-function' },
    });
    expect(await answer(response)).toMatchObject({
      status: 502,
      body: { status: 502, code: 'upstream_failed' },
    });
    expect(await invocations(tag)).toEqual([]);
  });

  it('the Lambda API is unreachable: 502, while keys are still checked at the edge', async () => {
    const failed = await viaEdge(path, { bindings: unreachable });
    expect(await answer(failed.response)).toMatchObject({ status: 502, body: { code: 'upstream_failed' } });
    const anonymous = await viaEdge(path, { bindings: unreachable, key: null });
    expect(await answer(anonymous.response)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  });

  it('a Worker without its bindings says so in a 500, not a stack', async () => {
    const { response, tag } = await viaEdge(path, { bindings: { VISCURA_API_KEYS: 'not json' } });
    expect(await answer(response)).toMatchObject({
      status: 500,
      body: { status: 500, code: 'edge_misconfigured', message: expect.stringContaining('binding') },
    });
    expect(await invocations(tag)).toEqual([]);
  });
});
