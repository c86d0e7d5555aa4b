// Which flavour a VPS was made as, kept beside its overlay (a stopped VPS
// boots again as what it was), the lower dirs its overlay mounts, and the
// flavour's per-VPS files and secrets.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LabConfig } from './config.js';
import { ensureFlavourLayer } from './flavour-layer.js';
import { DEFAULT_FLAVOUR, FLAVOUR_SPECS, parseFlavour } from './flavours.js';
import { ensureRootfs } from './rootfs.js';
import type { LabFlavour, LabOs } from './types.js';

const flavourFile = (vpsDir: string) => `${vpsDir}.flavour`;

export function sudoPasswordFile(cfg: LabConfig, os: LabOs): string {
  return path.join(cfg.dir.secrets, `sudo-${os}.password`);
}

/** The flavour a VPS on disk was made as; the default for one made before flavours. */
export async function vpsFlavour(vpsDir: string): Promise<LabFlavour> {
  const text = (await readFile(flavourFile(vpsDir), 'utf8').catch(() => '')).trim();
  return (text && parseFlavour(text)) || DEFAULT_FLAVOUR;
}

/** overlayfs lowerdir: the flavour's package layer (if any) above the cached root. */
export async function lowerDirs(flavour: LabFlavour, os: LabOs, log?: (l: string) => void): Promise<string> {
  const root = await ensureRootfs(os, log);
  const layer = FLAVOUR_SPECS[flavour].layer;
  return layer ? `${await ensureFlavourLayer(flavour, os, layer, log)}:${root}` : root;
}

/** Write the flavour's own files into a fresh VPS and remember what it is. */
export async function applyFlavour(cfg: LabConfig, os: LabOs, vpsDir: string, flavour: LabFlavour): Promise<void> {
  const made = await FLAVOUR_SPECS[flavour].customise?.(vpsDir, cfg, os);
  if (made?.sudoPassword) await writeFile(sudoPasswordFile(cfg, os), `${made.sudoPassword}\n`, { mode: 0o600 });
  await writeFile(flavourFile(vpsDir), `${flavour}\n`);
}
