// The TCP connection is opened apart from ssh2 so that an unreachable host
// fails fast, while the SSH handshake may then wait as long as the user needs
// to read a fingerprint or type a passphrase.
import { createConnection, type Socket } from 'node:net';

export function openSocket(host: string, port: number, timeoutMs = 20_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`cannot reach ${host} port ${port}: no answer within ${timeoutMs / 1000} s (is the server up and the port open?)`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      // Every command is a few small SSH packets each way; with Nagle's
      // algorithm each waits for the peer's delayed ACK (~40 ms), which
      // doubled the time of every command.
      socket.setNoDelay(true);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach ${host} port ${port}: ${err.message}${connectAdvice(err.code, host, port)}`));
    });
  });
}

/** What a person can do about each way a connection fails (empty when there is nothing specific to say). */
export function connectAdvice(code: string | undefined, host: string, port: number): string {
  switch (code) {
    case 'ECONNREFUSED':
      return ` (the server answers, but nothing listens on port ${port}: is sshd running? If SSH is on another port, give it as user@${host}:PORT)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return ' (no route to that address: check the IP, and that the server is running in your host\'s panel)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ` (the name ${host} does not resolve: check its spelling, or give the server's IP address)`;
    case 'ETIMEDOUT':
      return ` (no answer: is the server up, and does its firewall let port ${port} in?)`;
    default:
      return '';
  }
}
