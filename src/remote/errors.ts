// Errors of the SSH engine. Each message says what happened and what the user
// can do next; none carries a secret.

/** The server presents a key that differs from the one recorded for it: maybe a reinstall, maybe an attack. */
export class HostKeyChangedError extends Error {
  constructor(
    readonly host: string,
    readonly oldFingerprint: string,
    readonly newFingerprint: string,
    readonly recordedIn: string,
  ) {
    super(
      [
        `The host key of ${host} has CHANGED.`,
        `  recorded: ${oldFingerprint} (in ${recordedIn})`,
        `  now:      ${newFingerprint}`,
        'Someone could be intercepting the connection, or the server was reinstalled.',
        `If you reinstalled it, check the new fingerprint with your provider's console, remove the old entry from ${recordedIn}, and run mailsetup again.`,
        'mailsetup stopped without sending anything to the server.',
      ].join('\n'),
    );
    this.name = 'HostKeyChangedError';
  }
}

/** The key differs from the one pinned in the answers file. */
export class HostKeyPinMismatchError extends Error {
  constructor(
    readonly host: string,
    readonly pinnedFingerprint: string,
    readonly newFingerprint: string,
  ) {
    super(
      [
        `The host key of ${host} does not match the pinned one.`,
        `  pinned (host.hostKeyFingerprint): ${pinnedFingerprint}`,
        `  server presents:                  ${newFingerprint}`,
        'Check the fingerprint with your provider and fix host.hostKeyFingerprint in the answers file.',
      ].join('\n'),
    );
    this.name = 'HostKeyPinMismatchError';
  }
}

/** First contact without a way to confirm: unattended and not pinned, or the user said no. */
export class HostKeyNotTrustedError extends Error {
  constructor(
    readonly host: string,
    readonly fingerprint: string,
    reason: 'unattended' | 'declined',
  ) {
    super(
      reason === 'unattended'
        ? `${host} is not known yet and --yes cannot confirm an unknown host key (${fingerprint}).\n` +
            `Check it with your provider, then pin it in the answers file:\n  host:\n    hostKeyFingerprint: ${fingerprint}`
        : `Host key of ${host} (${fingerprint}) was not accepted; nothing was sent to the server.`,
    );
    this.name = 'HostKeyNotTrustedError';
  }
}

export class AuthenticationError extends Error {
  constructor(target: string, tried: string[], detail?: string) {
    super(
      `Could not log in to ${target} (tried: ${tried.length ? tried.join(', ') : 'nothing usable'}).\n` +
        (detail ? `${detail}\n` : '') +
        'Check the user name, load your key into ssh-agent or pass --identity FILE, or make sure password login is allowed.',
    );
    this.name = 'AuthenticationError';
  }
}

export class SudoError extends Error {
  constructor(target: string, detail: string) {
    super(
      `${target}: cannot run commands as root through sudo: ${detail}\n` +
        'mailsetup needs root: log in as root, or as a user in the sudo group (check with `sudo -v` on the server).',
    );
    this.name = 'SudoError';
  }
}

/** The SSH link dropped (reboot, network change, idle timeout) while mailsetup still needed it. */
export class ConnectionLostError extends Error {
  constructor(target: string, detail: string) {
    super(`The SSH connection to ${target} was lost (${detail}). Run mailsetup again: finished steps are kept and the interrupted one is redone.`);
    this.name = 'ConnectionLostError';
  }
}
