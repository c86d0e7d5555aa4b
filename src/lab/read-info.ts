// Reading lab.json needs only the lab's paths: kept apart from info.ts
// (which builds the file and pulls in most of the lab), so a `--lab` run
// starts without loading the lab's machinery.
import { readFile } from 'node:fs/promises';
import { infoFile, labConfig } from './config.js';
import type { LabInfo } from './types.js';

/** What the last `lab up` wrote, or null when no lab is up. */
export async function readLabInfo(opts: { instance?: number; stateDir?: string } = {}): Promise<LabInfo | null> {
  try {
    return JSON.parse(await readFile(infoFile(labConfig(opts)), 'utf8')) as LabInfo;
  } catch {
    return null;
  }
}
