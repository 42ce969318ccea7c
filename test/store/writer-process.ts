// A separate writer process for the concurrency test: node bin/run-ts.mjs test/store/writer-process.ts <dir> <name> <n>
import { openStore } from '../../shared/store/open.ts';
import { imageRow } from './helpers.ts';

const [dir, name, count] = process.argv.slice(2);
const store = await openStore(dir);
for (let i = 0; i < Number(count); i++) {
  await store.images.upsert([
    imageRow('ds', `${name}-${i}.jpg`),
    imageRow('ds', `shared-${i}.jpg`, { label: name }),
  ]);
}
store.close();
