import type { InferenceSession } from 'onnxruntime-node';
import { VisibleError } from '../../errors/index.ts';

/** What the embedder needs to know about one tower's session, checked against its manifest once at load. */
export interface TowerInfo {
  /** A fixed batch dimension (exports with a static batch of 1), or undefined when it is dynamic. */
  fixedBatch: number | undefined;
  /** Element type of the first input: a text tower takes int64 or int32 ids. */
  inputType: string;
}

export function checkTower(
  session: InferenceSession,
  where: string,
  expected: { inputs: string[]; output: string },
): TowerInfo {
  for (const name of expected.inputs) {
    if (!session.inputNames.includes(name)) {
      throw new VisibleError(
        `${where} has no input "${name}" (it has ${session.inputNames.join(', ')}): fix the input name in the manifest.`,
        'invalid_manifest',
      );
    }
  }
  const extra = session.inputNames.filter((name) => !expected.inputs.includes(name));
  if (extra.length > 0) {
    throw new VisibleError(
      `${where} also needs inputs ${extra.join(', ')} that its manifest does not describe.`,
      'invalid_manifest',
    );
  }
  if (!session.outputNames.includes(expected.output)) {
    throw new VisibleError(
      `${where} has no output "${expected.output}" (it has ${session.outputNames.join(', ')}): fix the output name in the manifest.`,
      'invalid_manifest',
    );
  }
  const meta = session.inputMetadata.find((m) => m.name === expected.inputs[0]);
  const tensor = meta?.isTensor ? meta : undefined;
  const batch = tensor?.shape[0];
  return {
    fixedBatch: typeof batch === 'number' && batch > 0 ? batch : undefined,
    inputType: tensor?.type ?? 'float32',
  };
}
