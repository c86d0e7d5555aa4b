// `systemctl show -p A -p B` prints `A=value` lines in systemd's own order
// (not the order asked): read them by name.

/** `systemctl show` lines as a map of property to value (the server's text: only split, never run). */
export const systemdProps = (text: string): Map<string, string> =>
  new Map(text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const));
