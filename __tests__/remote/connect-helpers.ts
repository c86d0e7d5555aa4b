// Shorthands for tests that need a logged-in remote on the test sshd.
import { connect, type ConnectOptions } from '../../src/remote/connect.js';
import type { SshRemote } from '../../src/remote/ssh-remote.js';
import type { TestSshd } from './sshd.js';

export function connectAs(sshd: TestSshd, user: string, extra: Partial<ConnectOptions> = {}): Promise<SshRemote> {
  return connect({
    host: '127.0.0.1',
    port: sshd.port,
    user,
    identityFile: sshd.clientKey,
    knownHostsFile: sshd.knownHostsFile(),
    io: { confirmHostKey: async () => true, askSecret: async () => sshd.password },
    ...sshd.isolation,
    ...extra,
  });
}
