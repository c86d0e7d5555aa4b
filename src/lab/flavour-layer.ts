// The packages a flavour adds to the cached root (ifupdown, ufw,
// systemd-resolved), installed once into a layer of its own: the upper dir
// of an overlay on the cached root, kept under the cache as
// flavour-<name>-<os>. A VPS of that flavour then mounts
// lowerdir=<layer>:<root>, so the shared root is never written and each
// new VPS still starts as an empty upper dir.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { cacheDir } from './config.js';
import { rootfsDir } from './rootfs.js';
import type { LabFlavour, LabOs } from './types.js';

// Bump when a flavour's packages or layer set-up change: layers are rebuilt.
const LAYER_VERSION = 1;
const STAMP = '.mailsetup-lab-layer';

export interface LayerSpec {
  packages: string[];
  /** Shell text run in the layer after the install (fixed text, no outside values). */
  setup?: string;
}

export function layerDir(flavour: LabFlavour, os: LabOs): string {
  return path.join(cacheDir(), `flavour-${flavour}-${os}`);
}

/** The root's own stamp is part of the layer's: a rebuilt root invalidates the layers above it. */
async function stampText(os: LabOs, spec: LayerSpec): Promise<string> {
  const root = (await readFile(path.join(rootfsDir(os), '.mailsetup-lab-rootfs'), 'utf8').catch(() => '')).trim();
  return `${LAYER_VERSION} ${root} ${spec.packages.join(',')} ${spec.setup ?? ''}`;
}

async function isMounted(dir: string): Promise<boolean> {
  return (await readFile('/proc/self/mountinfo', 'utf8')).split('\n').some((l) => l.split(' ')[4] === dir);
}

/**
 * The layer of `flavour` on `os`, built if missing or outdated (apt from
 * Debian's mirror, as debootstrap built the root). `log` hears about the slow part.
 */
export async function ensureFlavourLayer(flavour: LabFlavour, os: LabOs, spec: LayerSpec, log: (l: string) => void = () => undefined): Promise<string> {
  const dir = layerDir(flavour, os);
  const stamp = await stampText(os, spec);
  if ((await readFile(path.join(dir, STAMP), 'utf8').catch(() => '')) === stamp) return dir;
  log(`building the ${flavour} layer on ${os} (${spec.packages.join(', ')}; once, ~30 s)`);
  const tmp = `${dir}.tmp`;
  const upper = path.join(tmp, 'upper');
  const merged = path.join(tmp, 'merged');
  if (await isMounted(merged)) await execa('umount', [merged]);
  await rm(tmp, { recursive: true, force: true });
  for (const d of [upper, path.join(tmp, 'work'), merged]) await mkdir(d, { recursive: true });
  await execa('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${rootfsDir(os)},upperdir=${upper},workdir=${path.join(tmp, 'work')}`, merged]);
  try {
    const script = [
      'set -e',
      'export DEBIAN_FRONTEND=noninteractive',
      'apt-get update -q',
      `apt-get install -y -q --no-install-recommends ${spec.packages.join(' ')}`,
      'apt-get clean',
      spec.setup ?? 'true',
    ].join('\n');
    // No --boot: one command in the tree, on the host's network (like debootstrap).
    const r = await execa('systemd-nspawn', [
      '--quiet', '--directory', merged, '--register=no', '--keep-unit',
      '--resolv-conf=copy-host', '--timezone=off', '--link-journal=no', '--', 'sh', '-c', script,
    ], { reject: false, all: true, stdin: 'ignore', timeout: 600_000 });
    if (r.exitCode !== 0) {
      throw new Error(`lab: building the ${flavour} layer on ${os} failed (exit ${r.exitCode}):\n${(r.all ?? '').split('\n').slice(-15).join('\n')}`);
    }
  } finally {
    await execa('umount', [merged], { reject: false });
  }
  // The resolver nspawn copied in is the host's: no VPS may use it.
  await rm(path.join(upper, 'etc/resolv.conf'), { force: true });
  await writeFile(path.join(upper, STAMP), stamp);
  if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
  await rename(upper, dir);
  await rm(tmp, { recursive: true, force: true });
  return dir;
}
