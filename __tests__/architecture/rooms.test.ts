// The house rules of src/: no import crosses a forbidden direction, no two
// rooms import each other (directly or round a loop), and the README's map
// names exactly the rooms that are there.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALLOWED, forbiddenEdges, importEdges, importedNames, roomCycles, roomOf } from '../helpers/rooms.js';

const root = join(import.meta.dirname ?? process.cwd(), '../..');

describe('the rule itself', () => {
  test('a forbidden edge is reported with its file and direction', () => {
    expect(forbiddenEdges([{ from: 'src/ui/App.tsx', to: 'src/remote/connect.ts' }])).toEqual([
      'src/ui/App.tsx imports src/remote/connect.ts: ui -> remote is forbidden',
    ]);
    expect(forbiddenEdges([{ from: 'src/day2/change.ts', to: 'src/cli/args.ts' }])).toEqual([
      'src/day2/change.ts imports src/cli/args.ts: day2 -> cli is forbidden',
    ]);
    expect(forbiddenEdges([{ from: 'src/cli.ts', to: 'src/day2/change.ts' }, { from: 'src/tasks/dns.ts', to: 'src/tasks/types.ts' }])).toEqual([]);
    expect(forbiddenEdges([{ from: 'src/attic/old.ts', to: 'src/state/store.ts' }])).toEqual(['src/attic/old.ts: room "attic" is not on the map']);
  });

  test('a cycle between rooms is reported once, whichever room it is entered from', () => {
    const edges = [
      { from: 'src/cli/a.ts', to: 'src/day2/b.ts' },
      { from: 'src/day2/b.ts', to: 'src/cli/c.ts' },
      { from: 'src/cli.ts', to: 'src/state/store.ts' },
    ];
    expect(roomCycles(edges)).toEqual(['cli -> day2 -> cli']);
    expect(roomCycles(edges.slice(0, 1))).toEqual([]);
  });

  test('static, re-exported, side-effect and dynamic imports are all read; comments and strings are not', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "export { c } from './c.js';",
      "import './d.js';",
      "const e = await import('../e/e.js');",
      "// import { f } from './f.js';",
      "const g = \"import('./g.js')\";",
    ].join('\n');
    expect(importedNames(text)).toEqual(['./a.js', '../b/b.js', './c.js', './d.js', '../e/e.js']);
  });

  test('rooms: the first folder under src/, and cli.ts is cli', () => {
    expect([roomOf('src/cli.ts'), roomOf('src/cli/day2/senders.ts'), roomOf('src/dns/providers/rfc2136/tsig.ts')]).toEqual(['cli', 'cli', 'dns']);
  });
});

describe('src/', () => {
  const edges = importEdges(root);

  test('reads a real import graph', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'src/tasks/steps.ts', to: 'src/tasks/chasquid.ts' });
  });

  test('no import crosses a forbidden direction', () => {
    expect(forbiddenEdges(edges)).toEqual([]);
  });

  test('no cycle between rooms', () => {
    expect(roomCycles(edges)).toEqual([]);
  });

  test("every room is on the map, and the README's architecture block lists exactly what `ls src` shows", () => {
    const entries = readdirSync(join(root, 'src')).sort();
    const rooms = [...new Set(entries.map((e) => e.replace(/\.tsx?$/, '')))].sort();
    expect(rooms).toEqual(Object.keys(ALLOWED).sort());
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const block = /## Architecture\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const listed = block.split('\n').map((l) => /^src\/(\S+?)\/?\s/.exec(l)?.[1]).filter((x): x is string => Boolean(x)).sort();
    expect(listed).toEqual(entries);
  });
});
