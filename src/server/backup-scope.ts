// What of the server's /etc/chasquid the local backup holds: the backup step
// copies exactly these files, and the freshness check compares exactly these
// with the last backup.

/** Files worth keeping: config, users, aliases, hooks, certificates; never a TLS key or a mailsetup .bak. */
export function keep(path: string, includeDkimKey: boolean): boolean {
  if (/\.mailsetup-[^/]*\.bak$/.test(path) || /\/\.[^/]*mailsetup-[^/]*$/.test(path)) return false;
  if (/\/certs\/[^/]+\/privkey\.pem$/.test(path)) return false;
  const dkim = /\/dkim:[^/]+\.pem$/.test(path) || /\/dkim_privkey\.pem$/.test(path);
  return !dkim || includeDkimKey;
}
