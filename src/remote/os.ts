// Which OS the server runs, from /etc/os-release. mailsetup supports the
// releases it is tested on; anything else gets a message saying what is
// supported. It also recognises a host that is still installing its OS: some
// providers (Contabo in the guide) first boot a TinyCore installer that
// answers ssh with "Welcome to TinyCore", and the fix is only to wait.
import { sh } from './quote.js';
import type { OsInfo, Remote } from './types.js';
import { serverLine } from './server-text.js';

export const SUPPORTED: Readonly<Record<string, readonly string[]>> = {
  ubuntu: ['22.04', '24.04'],
  debian: ['12', '13'],
};

export interface OsDetection extends OsInfo {
  /** True when the server is a provider's installer (TinyCore): retry later. */
  installing: boolean;
  /** For an unsupported or installing server: what to tell the user. */
  message?: string;
}

export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!.trim();
    if (/^".*"$/.test(value)) value = value.slice(1, -1).replace(/\\(["$`\\])/g, '$1');
    else if (/^'.*'$/.test(value)) value = value.slice(1, -1);
    fields[match[1]!] = value;
  }
  return fields;
}

export function looksLikeInstaller(text: string): boolean {
  return /tiny\s?core/i.test(text);
}

/** The advice for a server that is still being installed. */
export function stillInstallingAdvice(seen = 'TinyCore'): string {
  return `The server greets with "${seen}", so the OS is still being installed: wait a few minutes and retry (until ssh greets you with Ubuntu or Debian).`;
}

export function unsupportedMessage(prettyName: string): string {
  return `${prettyName} is not supported: mailsetup sets up Ubuntu 22.04/24.04 and Debian 12/13. Reinstall the server with one of them from your provider's panel.`;
}

/** Classify an os-release text (and any banner/issue text seen) without touching the server. */
export function classifyOs(osRelease: string | null, otherText = ''): OsDetection {
  const fields = parseOsRelease(osRelease ?? '');
  const id = (fields.ID ?? '').toLowerCase();
  const versionId = fields.VERSION_ID ?? '';
  // The server's name for itself reaches titles and messages: made inert (server-text.ts).
  const prettyName = serverLine(fields.PRETTY_NAME ?? (fields.NAME ? `${fields.NAME} ${versionId}`.trim() : 'an unknown OS'), 100);
  const codename = fields.VERSION_CODENAME || fields.UBUNTU_CODENAME || undefined;
  const supported = (SUPPORTED[id] ?? []).includes(versionId);
  // A real supported release is never "installing", whatever its motd says.
  if (!supported && looksLikeInstaller(`${osRelease ?? ''}\n${otherText}`)) {
    const seen = /Welcome to TinyCore[^\n]*/i.exec(otherText)?.[0]?.trim() ?? 'TinyCore';
    return { id: id || 'tinycore', versionId, prettyName: serverLine(fields.PRETTY_NAME ?? seen, 100), codename, supported: false, installing: true, message: stillInstallingAdvice(seen) };
  }
  const info: OsDetection = { id: id || 'unknown', versionId, prettyName, codename, supported, installing: false };
  if (!supported) info.message = osRelease === null ? 'Cannot tell which OS the server runs (no /etc/os-release). ' + unsupportedMessage('It') : unsupportedMessage(prettyName);
  return info;
}

/**
 * Read /etc/os-release (plus /etc/issue and /etc/motd, where installers greet)
 * in one read-only command that needs only a POSIX sh and cat.
 */
export async function detectOs(remote: Remote, hints: { banner?: string } = {}): Promise<OsDetection> {
  const result = await remote.exec(
    sh`if [ -r /etc/os-release ]; then cat /etc/os-release; else echo MAILSETUP_NO_OS_RELEASE=1; fi; echo MAILSETUP_SPLIT=1; cat /etc/issue /etc/motd 2>/dev/null || true`,
    { readOnly: true },
  );
  const [osPart = '', other = ''] = result.stdout.split('MAILSETUP_SPLIT=1\n');
  const osRelease = osPart.includes('MAILSETUP_NO_OS_RELEASE=1') ? null : osPart;
  const banner = hints.banner ?? (remote as { banner?: string }).banner ?? '';
  return classifyOs(osRelease, `${banner}\n${other}`);
}
