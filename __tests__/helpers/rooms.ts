// The rooms of src/ and which may import which (README, "Architecture"),
// read from the real import statements of every source file: static
// imports and re-exports, side-effect imports and dynamic import().
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Each room and the rooms it may import directly. Upper rooms import lower ones, never the reverse. */
export const ALLOWED: Record<string, readonly string[]> = {
  cli: ['ui', 'day2', 'session', 'tasks', 'checks', 'server', 'dns', 'remote', 'state', 'lab'],
  ui: ['day2', 'session', 'tasks', 'checks', 'server', 'dns', 'state'],
  day2: ['session', 'tasks', 'checks', 'server', 'dns', 'remote', 'state'],
  session: ['tasks', 'checks', 'remote', 'state', 'lab'],
  tasks: ['checks', 'server', 'dns', 'remote', 'state'],
  checks: ['server', 'dns', 'remote', 'state'],
  server: ['remote', 'state'],
  dns: ['remote'],
  lab: ['state', 'remote'],
  // The logger redacts secrets with the same code that masks them in command lines.
  // The answers file checks providers against the registry (pure data, see rooms.test.ts).
  state: ['remote', 'dns'],
  remote: [],
};

export interface ImportEdge {
  /** Importing file, relative to the repository (src/ui/App.tsx). */
  from: string;
  /** Imported file, the same way. */
  to: string;
}

/** The room of a file under src/: its first folder; src/cli.ts belongs to cli. */
export function roomOf(file: string): string {
  const [, first = '', second] = file.split('/');
  return second === undefined ? first.replace(/\.tsx?$/, '') : first;
}

/** Every edge between two rooms that ALLOWED does not list, each named by file and rooms. */
export function forbiddenEdges(edges: ImportEdge[], allowed: Record<string, readonly string[]> = ALLOWED): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const a = roomOf(from);
    const b = roomOf(to);
    if (a === b) continue;
    if (!(a in allowed)) problems.push(`${from}: room "${a}" is not on the map`);
    else if (!(b in allowed)) problems.push(`${from} imports ${to}: room "${b}" is not on the map`);
    else if (!allowed[a]!.includes(b)) problems.push(`${from} imports ${to}: ${a} -> ${b} is forbidden`);
  }
  return problems;
}

/** Cycles between rooms (each as a -> b -> ... -> a), whatever the map allows. */
export function roomCycles(edges: ImportEdge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = roomOf(from);
    const b = roomOf(to);
    if (a !== b) graph.set(a, (graph.get(a) ?? new Set()).add(b));
  }
  const cycles = new Set<string>();
  const walk = (room: string, path: string[]) => {
    const at = path.indexOf(room);
    if (at >= 0) {
      const loop = path.slice(at);
      // One name per cycle, whichever room it is entered from.
      const start = loop.indexOf([...loop].sort()[0]!);
      const turned = [...loop.slice(start), ...loop.slice(0, start)];
      cycles.add([...turned, turned[0]].join(' -> '));
      return;
    }
    for (const next of graph.get(room) ?? []) walk(next, [...path, room]);
  };
  for (const room of graph.keys()) walk(room, []);
  return [...cycles];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** The module names a file imports: import/export ... from, import 'x', import('x'). */
export function importedNames(text: string, fileName = 'x.ts'): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names: string[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      names.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) names.push(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/** Every relative import between files under src/, resolved to the file it names. */
export function importEdges(root: string): ImportEdge[] {
  const files = sourceFiles(join(root, 'src'));
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const file of files) {
    for (const name of importedNames(readFileSync(file, 'utf8'), file)) {
      if (!name.startsWith('.')) continue;
      const base = resolve(dirname(file), name).replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => known.has(c));
      if (!target) throw new Error(`${relative(root, file)} imports ${name}, which is no file under src/`);
      edges.push({ from: relative(root, file), to: relative(root, target) });
    }
  }
  return edges;
}
