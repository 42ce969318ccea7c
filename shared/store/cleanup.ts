import type { Table } from '@lancedb/lancedb';

/**
 * The cleanup cut-off that spares tagged versions (snapshots): LanceDB 0.31's cleanup fails outright when a tagged
 * version would be removed, and its Node API has no switch to skip them. Versions from the one before the oldest
 * tag onwards are kept, so a snapshot costs the storage of what was written after it until it is deleted.
 */
export async function cleanupCutoff(table: Table, wanted: Date): Promise<Date> {
  const tags = await table.tags();
  const names = Object.keys(await tags.list());
  if (names.length === 0) return wanted;
  const tagged = new Set(await Promise.all(names.map((name) => tags.getVersion(name))));
  const versions = (await table.listVersions()).sort((a, b) => a.version - b.version);
  const oldest = versions.find((version) => tagged.has(version.version));
  if (!oldest) return wanted;
  const before = versions.filter((version) => version.version < oldest.version).pop();
  const keepFrom = before ? before.timestamp : new Date(0);
  return keepFrom < wanted ? keepFrom : wanted;
}
