// Templates and remote scripts ship in assets/ beside dist/ (package.json
// `files`); src/tasks and dist/tasks sit at the same depth, so one relative
// URL finds them both under ts-jest and from the built CLI.
import { readFileSync } from 'node:fs';

const ASSETS = new URL('../../assets/', import.meta.url);

const cache = new Map<string, string>();

export function asset(relative: string): string {
  let text = cache.get(relative);
  if (text === undefined) {
    text = readFileSync(new URL(relative, ASSETS), 'utf8');
    cache.set(relative, text);
  }
  return text;
}

/** `{{name}}` placeholders filled from `values`; a missing value is a bug, so it throws. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template value "${name}" missing`);
    return value;
  });
}
