// The first thing a newcomer meets when the address or port is wrong: the
// error must say what to check, not only the system's error code.
import { createServer } from 'node:net';
import { connectAdvice, openSocket } from '../../src/remote/socket.js';

/** A loopback port that was free a moment ago: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('openSocket', () => {
  test('a refused connection says nothing listens on the port and how to give another', async () => {
    const port = await closedPort();
    await expect(openSocket('127.0.0.1', port)).rejects.toThrow(
      new RegExp(`cannot reach 127\\.0\\.0\\.1 port ${port}: .*ECONNREFUSED.*nothing listens on port ${port}: is sshd running\\? If SSH is on another port, give it as user@127\\.0\\.0\\.1:PORT`),
    );
  });

  test('connects where something listens', async () => {
    const server = createServer((s) => s.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = await openSocket('127.0.0.1', (server.address() as { port: number }).port);
    expect(socket.remoteAddress).toBe('127.0.0.1');
    socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('connectAdvice', () => {
  test.each([
    ['EHOSTUNREACH', /no route to that address: check the IP/],
    ['ENETUNREACH', /no route to that address/],
    ['ENOTFOUND', /the name vps\.example does not resolve: check its spelling, or give the server's IP address/],
    ['EAI_AGAIN', /does not resolve/],
    ['ETIMEDOUT', /firewall let port 22 in/],
  ])('%s gets advice', (code, advice) => {
    expect(connectAdvice(code, 'vps.example', 22)).toMatch(advice);
  });

  test('an unknown code adds nothing rather than a wrong guess', () => {
    expect(connectAdvice('EPIPE', 'vps.example', 22)).toBe('');
    expect(connectAdvice(undefined, 'vps.example', 22)).toBe('');
  });
});
