// A TCP connect that tells the three ways it can go apart: an answer
// (open), a reset (nothing listens there: "closed"), or silence until the
// deadline (a firewall drops the packets somewhere on the way: "blocked").
// An ICMP "unreachable" is a firewall or route that rejects on the way.
import net from 'node:net';

export type PortState = 'open' | 'closed' | 'blocked' | 'unreachable';

export interface PortProbe {
  state: PortState;
  ms: number;
  error?: string;
}

export function probePort(host: string, port: number, timeoutMs: number): Promise<PortProbe> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (state: PortState, error?: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ state, ms: Date.now() - started, ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => finish('blocked', `no answer within ${timeoutMs} ms`), timeoutMs);
    socket.once('connect', () => finish('open'));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') return finish('closed', err.code);
      if (err.code === 'ETIMEDOUT') return finish('blocked', err.code);
      return finish('unreachable', err.code ?? err.message);
    });
  });
}
