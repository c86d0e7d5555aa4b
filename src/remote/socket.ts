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
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot reach ${host} port ${port}: ${err.message}`));
    });
  });
}
