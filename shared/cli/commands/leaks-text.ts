import type { LeakReport } from '../../curate/leakage/index.ts';

/** The leakage report as lines a person reads: each cluster, the copy that stays, the copies to move. */
export function describeLeaks(report: LeakReport): string {
  const splits = Object.entries(report.splits)
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  const lines = [
    `${report.counts.clusters} leaking clusters, ${report.counts.pairs} cross-split pairs, ${report.counts.toMove} copies to move (splits: ${splits || 'none'}; ${report.unsplit} without a split)`,
  ];
  if (report.notice) lines.push(report.notice);
  for (const cluster of report.clusters) {
    lines.push(
      `${cluster.confidence.toFixed(3)}  cluster ${cluster.cluster}: keep ${cluster.keep.key} in ${cluster.home}`,
    );
    for (const member of cluster.members.filter((m) => m.action === 'move'))
      lines.push(`        move ${member.key} (${member.split}) to ${member.to}, or drop it`);
  }
  return lines.join('\n');
}
