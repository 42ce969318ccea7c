/**
 * Import cycles between folders: node bin/run-ts.mjs bench/structure/folder-cycles.ts [--depth N]
 * Reads every .ts file under shared/ and functions/ as text, follows relative imports, and lists the groups of
 * folders that import each other round in a circle (strongly connected components of the folder graph).
 * Depth 2 groups by concern (shared/store, shared/api); depth 3 by sub-folder (shared/api/routes). Cost grows
 * with the number of import lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOTS = ['shared', 'functions'];
const IMPORT = /(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(file: string, depth: number): string {
  return dirname(file).split('/').slice(0, depth).join('/');
}

/** A folder and its own sub-folder are one concern (an index re-exports its parts): not an edge. */
function nested(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

export function folderGraph(root: string, depth: number): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const top of ROOTS) {
    for (const file of filesUnder(join(root, top))) {
      const from = folderOf(relative(root, file), depth);
      const edges = graph.get(from) ?? new Set<string>();
      graph.set(from, edges);
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = relative(root, resolve(dirname(file), match[1]));
        const to = folderOf(target, depth);
        if (!nested(from, to) && !to.startsWith('..')) edges.add(to);
      }
    }
  }
  return graph;
}

/** Tarjan's strongly connected components; only groups of two or more folders are cycles. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next))
        low.set(node, Math.min(low.get(node) as number, order.get(next) as number));
    }
    if (low.get(node) !== order.get(node)) return;
    const group: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!order.has(node)) visit(node);
  return found;
}

const depthFlag = process.argv.indexOf('--depth');
const depths = depthFlag > 0 ? [Number(process.argv[depthFlag + 1])] : [2, 3];
for (const depth of depths) {
  const groups = cycles(folderGraph(process.cwd(), depth));
  console.log(`depth ${depth}: ${groups.length} cycle group(s) between folders`);
  for (const group of groups) console.log(`  ${group.join(' <-> ')}`);
}
