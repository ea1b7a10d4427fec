import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

/** File → the files it imports, as paths relative to the repository root with `/` separators. */
export type ModuleGraph = Map<string, string[]>;

/** A named part of the code base: the path prefixes (folders end with `/`) that belong to it. */
export interface LayerTable {
  parts: Record<string, readonly string[]>;
  /** `[from, to, why]`: a file of `from` must never import a file of `to`. */
  never: readonly (readonly [string, string, string])[];
}

// Static imports and re-exports (`import … from '…'`, `export … from '…'`, `import '…'`), type-only
// ones included: a type import still ties the layers together. Dynamic `import()` is not a layer
// dependency of the module's shape, and src/ uses it only for optional peers.
const IMPORT = /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?\s*['"]([^'"]+)['"]/gm;

/** The relative import specifiers of one TypeScript source text. */
export function importSpecifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(IMPORT)) {
    if (match[1]!.startsWith('.')) found.push(match[1]!);
  }
  return found;
}

/** Builds the graph of every `.ts` file under `dir` (relative to `root`), following relative imports. */
export function buildModuleGraph(root: string, dir: string): ModuleGraph {
  const graph: ModuleGraph = new Map();
  for (const file of listTypeScript(join(root, dir))) {
    const from = toKey(relative(root, file));
    const targets = importSpecifiers(readFileSync(file, 'utf8')).map((spec) =>
      toKey(normalize(join(dirname(from), spec.replace(/\.js$/, '.ts')))),
    );
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle's files (strongly connected components of more than one file, or a self-import). */
export function findCycles(graph: ModuleGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  // Tarjan's algorithm; src/ is small enough that recursion depth is no concern.
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) cycles.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return cycles;
}

/** The part a file belongs to: the one with the longest matching prefix, or null. */
export function partOf(table: LayerTable, file: string): string | null {
  let best: { part: string; length: number } | null = null;
  for (const [part, prefixes] of Object.entries(table.parts)) {
    for (const prefix of prefixes) {
      const matches = prefix.endsWith('/') ? file.startsWith(prefix) : file === prefix;
      if (matches && (!best || prefix.length > best.length)) best = { part, length: prefix.length };
    }
  }
  return best?.part ?? null;
}

/** Every import that breaks a `never` rule, as readable lines. */
export function forbiddenImports(graph: ModuleGraph, table: LayerTable): string[] {
  const found: string[] = [];
  for (const [from, targets] of graph) {
    const fromPart = partOf(table, from);
    for (const target of targets) {
      const toPart = partOf(table, target);
      const rule = table.never.find(([a, b]) => a === fromPart && b === toPart);
      if (rule) found.push(`${from} (${fromPart}) → ${target} (${toPart}): ${rule[2]}`);
    }
  }
  return found.sort();
}

function listTypeScript(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function toKey(path: string): string {
  return path.split(sep).join('/');
}
