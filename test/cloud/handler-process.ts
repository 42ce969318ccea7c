// A Lambda container in a child process: runs functions/ingest.ts's handler on each event of a JSON file, in
// order, and prints each answer as a JSON line. Configured by its environment, as the function would be.
// node bin/run-ts.mjs test/cloud/handler-process.ts <events.json>
import { readFile } from 'node:fs/promises';
import { handler } from '../../functions/ingest.ts';

const events = JSON.parse(await readFile(process.argv[2], 'utf8')) as unknown[];
for (const event of events) {
  const answer = await handler(event);
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
