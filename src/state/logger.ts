// mailsetup's log file: one per run under the state dir, mode 0600, every
// line passed through redaction so a secret that a command echoed back
// never reaches the disk.
import { appendFileSync, mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../remote/redact.js';

export interface Logger {
  readonly file: string | null;
  line(text: string): void;
  addSecret(value: string | undefined): void;
}


export function createLogger(stateDir: string | null, name: string, secrets: string[] = []): Logger {
  const known = new Set(secrets.filter((s) => s.length >= 4));
  let file: string | null = null;
  if (stateDir) {
    const dir = join(stateDir, 'logs');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
    closeSync(openSync(file, 'a', 0o600));
  }
  return {
    file,
    line(text) {
      if (!file) return;
      appendFileSync(file, `${new Date().toISOString()} ${redact(text, [...known])}\n`);
    },
    addSecret(value) {
      if (value && value.length >= 4) known.add(value);
    },
  };
}
