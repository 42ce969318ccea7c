// Loaded with `node --import`: on exit, prints which native-module packages the process loaded, for the CLI test.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.on('exit', () => {
  const heavy = Object.keys(require.cache).filter((p) =>
    /node_modules\/(sharp|@lancedb|onnxruntime-node|usearch|@aws-sdk|apache-arrow|chokidar)\//.test(p),
  );
  const names = [...new Set(heavy.map((p) => p.match(/node_modules\/((@[^/]+\/)?[^/]+)/)[1]))];
  process.stderr.write(`LOADED: ${names.join(', ') || 'none'}\n`);
});
