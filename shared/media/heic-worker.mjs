// Decodes HEIC off the main thread: libheif in WebAssembly runs synchronously, seconds for a 12 MP photo, and
// would stall every other request of a server meanwhile. Plain JS, so it loads in any runtime without a loader.
import { parentPort } from 'node:worker_threads';
import decode from 'heic-decode';

parentPort.on('message', async ({ id, bytes }) => {
  try {
    const { width, height, data } = await decode({ buffer: bytes });
    parentPort.postMessage({ id, width, height, data }, [data.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
