// A CheckContext for one test: the fixture's DNS server answers everything.
import type { CheckContext } from '../../../src/checks/context.js';
import { STANDARD_PORTS } from '../../../src/checks/context.js';
import { createResolver } from '../../../src/dns/resolve.js';

export function testContext(server: string, site: { domain: string; hostname: string; v4?: string; v6?: string }, extra: Partial<CheckContext> = {}): CheckContext {
  return {
    domain: site.domain,
    hostname: site.hostname,
    ips: { v4: site.v4 ? [site.v4] : [], v6: site.v6 ? [site.v6] : [], source: 'the test' },
    dns: createResolver({ server, timeoutMs: 2000, tries: 1 }),
    timeoutMs: 3000,
    ports: STANDARD_PORTS,
    blocklists: [],
    outboundTarget: '127.0.0.1:1',
    ...extra,
  };
}
