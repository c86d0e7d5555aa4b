// The acme.sh release mailsetup installs: one pinned version, fetched as
// its release tarball (or uploaded, for a server without internet), and
// installed only when acme.sh and the DNS plugin used match the sha256 of
// that release. Bumping acme.sh means this file and each acme.sh plugin's
// sha256 in the provider registry; __tests__/tasks/acme-sh-release.test.ts
// checks them all against the release itself.
import { findClientProvider } from '../dns/providers/registry/index.js';

export const ACME_SH_VERSION = '3.1.3';
export const ACME_SH_URL = `https://github.com/acmesh-official/acme.sh/archive/refs/tags/${ACME_SH_VERSION}.tar.gz`;
/** The folder the tarball unpacks into. */
export const ACME_SH_TOP = `acme.sh-${ACME_SH_VERSION}`;
const ACME_SH_SHA256 = '66171c3113f2e36569572edb1656962d63c72862a57e03cbd2a066adaad5e588';

/** `sha256sum -c` lines for acme.sh and the plugin `code`, relative to acme.sh's folder; refuses a plugin without a pinned hash. */
export function acmeShChecksums(code: string): string {
  const plugin = findClientProvider('acme.sh', code)?.plugin;
  if (!plugin?.sha256 || !/^[0-9a-f]{64}$/.test(plugin.sha256)) {
    throw new Error(`acme.sh's ${code.slice(0, 40)} plugin has no pinned sha256 in the provider registry: add it (from acme.sh ${ACME_SH_VERSION}'s dnsapi/${code.slice(0, 40)}.sh) or choose lego`);
  }
  return `${ACME_SH_SHA256}  acme.sh\n${plugin.sha256}  dnsapi/${plugin.code}.sh\n`;
}
