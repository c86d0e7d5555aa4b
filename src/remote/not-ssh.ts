// When the TCP connection opens but no SSH session follows, ssh2 only says
// "Connection lost before handshake" or a protocol error. What the peer sent
// first tells the two real cases apart: another service on that port (a web
// or mail server), or a server that closes the door before greeting. The
// peer is untrusted: what it said is shown as printable ASCII only, short.

const SSH_GREETING = /^SSH-\d/;

/** Up to `max` printable characters of the peer's first line (escapes, control bytes and the rest dropped). */
export function firstLineShown(bytes: Buffer, max = 60): string {
  const line = bytes.toString('latin1').split(/\r?\n/)[0] ?? '';
  const printable = line.replace(/[^\x20-\x7e]/g, '');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

/**
 * The message for a handshake that failed before any SSH exchange, or null
 * when the peer did greet as SSH (the ordinary error then stands).
 */
export function notSshMessage(target: string, port: number, firstBytes: Buffer | undefined, detail: string): string | null {
  if (firstBytes?.length && SSH_GREETING.test(firstBytes.toString('latin1'))) return null;
  if (firstBytes?.length) {
    return (
      `cannot connect to ${target}: something answered on port ${port}, but it is not an SSH server (it said "${firstLineShown(firstBytes)}"). ` +
      `Check the port: SSH is usually on 22, and your host's panel shows it; give another as user@host:PORT.`
    );
  }
  return (
    `cannot connect to ${target}: port ${port} accepted the connection and closed it without an SSH greeting (${detail}). ` +
    `Either this port is not SSH (check it in your host's panel; give another as user@host:PORT), or sshd turns this address away ` +
    `(too many unauthenticated connections, fail2ban, or an AllowUsers/TCP-wrapper rule): wait a minute and try again, or look at the server's console.`
  );
}
