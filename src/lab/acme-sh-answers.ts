// The lab run with acme.sh instead of lego (MAILSETUP_LAB_CLIENT=acme.sh):
// dns_nsupdate against the lab DNS with its TSIG key, and the upstream
// release tarball uploaded from ../shared/vendor/ beside the project (the
// lab VPS has no internet; never part of the repository). The tarball's
// files are checked on the VPS against the pinned sha256 like a download.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Answers } from '../state/answers.js';
import type { Secrets } from '../state/secrets.js';

/** The release the lab serves; equal to tasks/acme-sh-release.ts's pin (the lab may not import tasks; a test holds them equal). */
export const ACME_SH_LAB_VERSION = '3.1.3';

/**
 * The release in MAILSETUP_LAB_VENDOR_DIR, else in ../shared/vendor/ beside the
 * project root (from src/lab/, dist/lab/ and the bundle in dist/bundle/ alike).
 * An installed copy of mailsetup (the packed tarball the tests run) is not
 * beside the project, so it is told where the folder is.
 */
export const vendoredAcmeSh = (version: string): string => {
  const dir = process.env.MAILSETUP_LAB_VENDOR_DIR;
  return dir ? path.resolve(dir, `acme.sh-${version}.tar.gz`) : fileURLToPath(new URL(`../../../shared/vendor/acme.sh-${version}.tar.gz`, import.meta.url));
};

export function useAcmeSh(answers: Answers, secrets: Secrets, version: string): void {
  const tarball = vendoredAcmeSh(version);
  if (!existsSync(tarball)) {
    throw new Error(`the lab's acme.sh run needs the acme.sh ${version} release at ${tarball} (shared/vendor/ beside the project, never committed, or the folder MAILSETUP_LAB_VENDOR_DIR names): put it there, or run the lab with lego`);
  }
  answers.tls = { ...answers.tls, client: 'acme.sh', dnsProvider: 'dns_nsupdate', acmeShTarball: tarball };
  // dns_nsupdate's variables and key file come from the DNS answers.
  secrets.dnsCredentials = {};
}
