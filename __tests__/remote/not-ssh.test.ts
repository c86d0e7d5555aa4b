// Something answers on the SSH port but is not SSH: a mail or web server on
// that port, or a server that closes the door without a greeting. The real
// connect() meets real TCP servers on loopback; each error says which case
// it is and what to check, and shows what the peer said only as short,
// printable text.
import { createServer, type Server, type Socket } from 'node:net';
import { connect } from '../../src/remote/connect.js';
import { firstLineShown, notSshMessage } from '../../src/remote/not-ssh.js';

async function serve(onConnection: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as { port: number }).port };
}

const attempt = (port: number) =>
  connect({
    host: '127.0.0.1',
    port,
    user: 'root',
    assumeYes: true,
    agentSocket: null,
    sshConfigFile: '/dev/null',
    userKnownHostsFile: '/dev/null',
    knownHostsFile: '/dev/null',
    readyTimeoutMs: 5000,
  } as Parameters<typeof connect>[0]);

describe('connect to a port where something other than SSH answers', () => {
  test('a mail server on the port: named as not SSH, with what it said and the port advice', async () => {
    const { server, port } = await serve((s) => s.write('220 mx.example ESMTP ready\r\n'));
    try {
      await expect(attempt(port)).rejects.toThrow(
        new RegExp(`something answered on port ${port}, but it is not an SSH server \\(it said "220 mx\\.example ESMTP ready"\\)\\. Check the port: SSH is usually on 22`),
      );
    } finally {
      server.close();
    }
  });

  test('a server that closes at once: the two possible causes and what to do', async () => {
    const { server, port } = await serve((s) => s.destroy());
    try {
      await expect(attempt(port)).rejects.toThrow(/accepted the connection and closed it without an SSH greeting .*not SSH .*user@host:PORT.*fail2ban/);
    } finally {
      server.close();
    }
  });

  test('a hostile greeting reaches the message as short printable text only', async () => {
    const nasty = `\x1b]0;owned\x07\x1b[2J${'A'.repeat(500)}\r\n`;
    const { server, port } = await serve((s) => s.write(nasty));
    try {
      const error = await attempt(port).then(() => null, (e: Error) => e);
      expect(error?.message).toMatch(/not an SSH server/);
      expect(error?.message).not.toMatch(/\x1b|\x07/);
      expect(error!.message.length).toBeLessThan(400);
    } finally {
      server.close();
    }
  });
});

describe('notSshMessage', () => {
  test('a real SSH greeting keeps the ordinary error', () => {
    expect(notSshMessage('root@h', 22, Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'), 'x')).toBeNull();
  });
  test('firstLineShown keeps only printable ASCII of the first line, cut short', () => {
    expect(firstLineShown(Buffer.from('HTTP/1.1 400 Bad\x00 Request\r\nServer: x\r\n'))).toBe('HTTP/1.1 400 Bad Request');
    expect(firstLineShown(Buffer.from('x'.repeat(100)), 10)).toBe('xxxxxxxxxx…');
  });
});
