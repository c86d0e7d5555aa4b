// What the wizard's result pages show after a run: the domain's records
// (table and zone snippet), the PTR values, the test mail's proof, and the
// full check report (the same as `mailsetup --check`), over the run's
// still-open SSH connection.
import { renderZoneSnippet } from '../dns/render-zone.js';
import { runChecks } from '../checks/run-all.js';
import { checkExpectations, plannedRecords, zoneResolver } from '../tasks/dns-publish.js';
import type { RunReport } from '../ui/controller.js';
import { recordList } from '../ui/records-view.js';
import type { RunInput } from '../session/run-input.js';
import type { Session } from '../session/session.js';

type ResultFacts = Pick<RunReport, 'checks' | 'recordsTable' | 'zoneSnippet' | 'ptr' | 'proof'>;

export async function resultFacts(session: Session, input: RunInput | null): Promise<ResultFacts> {
  const { ctx } = session;
  const { answers, facts } = ctx;
  let recordsTable = '';
  let zoneSnippet = '';
  try {
    const plan = await plannedRecords(ctx, await zoneResolver(ctx));
    // Values wrapped in full (a table would elide the DKIM key to fit).
    recordsTable = recordList(plan.records, answers.domain).join('\n');
    // Fitted to the result page (56 columns), so no line is cut and each can be copied.
    zoneSnippet = renderZoneSnippet(plan.records, answers.domain, { width: 56 });
  } catch (error) {
    recordsTable = `(the records could not be computed: ${(error as Error).message})`;
  }
  const ips = [...(facts.ipv4 ?? []), ...(answers.ipv6.enable ? (facts.ipv6 ?? []) : [])];
  const proof = facts.proof as { dkim?: string; spf?: string; dmarc?: string; tls?: boolean } | undefined;
  const checks = await runChecks({
    domain: answers.domain,
    hostname: answers.hostname,
    remote: session.remote,
    resolver: input?.resolver,
    caFile: input?.caFile,
    blocklists: input?.blocklists,
    outboundTarget: answers.preflight.outboundTarget,
    ...checkExpectations(answers),
  });
  return {
    checks,
    recordsTable,
    zoneSnippet,
    ptr: ips.map((ip) => ({ ip, value: answers.hostname })),
    proof: proof ? `DKIM ${proof.dkim}, SPF ${proof.spf ?? '?'}, DMARC ${proof.dmarc ?? '?'}${proof.tls ? ', over TLS' : ''}` : undefined,
  };
}
