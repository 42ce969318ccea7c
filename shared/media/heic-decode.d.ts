/** heic-decode 2.1.0 ships no types: the one call used here, as its README documents it. */
declare module 'heic-decode' {
  interface DecodedHeic {
    width: number;
    height: number;
    /** RGBA, 8 bits per channel, row-major, irot/imir transforms already applied by libheif. */
    data: Uint8ClampedArray;
  }
  function decode(input: { buffer: Uint8Array }): Promise<DecodedHeic>;
  export default decode;
}
