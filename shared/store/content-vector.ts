/** A content vector as the images table stores it: float32 little-endian bytes in base64. */
export function encodeContentVector(vector: Float32Array): string {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
}

/** The stored text back as a vector; undefined when it is absent or not `dimension` floats long. */
export function decodeContentVector(
  text: string | null | undefined,
  dimension: number,
): Float32Array | undefined {
  if (!text) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== dimension * 4) return undefined;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
