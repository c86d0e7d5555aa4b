// One chasquid log line -> what kind of event it is and, for the ones a
// person must act on, one line that says what went wrong and what to do.
// chasquid's mail log (internal/maillog) writes fixed shapes:
//   ADDR auth failed for USER
//   ID from=X to=Y failed (permanent|temporary): ERROR
//   ID from=X to=Y sent
//   ADDR rejected from=X to=[..] - ERROR
// and its own log adds TLS and certificate trouble in free text.

export type LogKind = 'auth-failed' | 'auth-ok' | 'delivery-failed' | 'delivery-delayed' | 'sent' | 'queued' | 'rejected' | 'tls' | 'config' | 'info';
export type Severity = 'error' | 'warn' | 'ok' | 'info';

export interface Classified {
  kind: LogKind;
  severity: Severity;
  /** One line for the person reading the log; absent for routine lines. */
  explain?: string;
}

/** The first SMTP reply in an error text: `550 5.7.26 text...`. */
export function smtpReply(text: string): { code: string; enhanced?: string; text: string } | undefined {
  const m = /\b([245]\d\d)[ -](?:([245]\.\d{1,3}\.\d{1,3})\s+)?(.*)$/.exec(text);
  if (!m) return undefined;
  return { code: m[1]!, enhanced: m[2], text: m[3]!.trim() };
}

const short = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Why a receiving server refused or deferred a message, in one line. */
export function explainDelivery(error: string, permanent: boolean): string {
  const reply = smtpReply(error);
  const said = reply ? `${reply.code}${reply.enhanced ? ` ${reply.enhanced}` : ''} ${short(reply.text, 60)}` : short(error, 70);
  const lead = permanent ? 'remote refused' : 'delivery delayed (chasquid retries)';
  const e = error.toLowerCase();
  if (reply?.enhanced === '5.7.26' || reply?.enhanced === '5.7.27' || /unauthenticated|spf|dkim|dmarc/.test(e)) {
    return `${lead}: ${said}: unauthenticated sender: check SPF/DKIM (mailsetup --check)`;
  }
  if (/ptr|reverse dns|rdns|reverse lookup/.test(e)) return `${lead}: ${said}: the receiver wants reverse DNS: set the PTR to the server's name (mailsetup --check)`;
  if (/spamhaus|block ?list|blacklist|listed|\bdnsbl\b|\brbl\b/.test(e)) return `${lead}: ${said}: the server's IP is on a blocklist: see the Blocklists checks of mailsetup --check`;
  if (reply?.enhanced === '5.1.1' || /user unknown|no such user|does not exist|unknown user|mailbox unavailable/.test(e)) {
    return `${lead}: ${said}: the recipient address does not exist`;
  }
  if (/x509|certificate|tls:|handshake/.test(e)) return `${lead}: TLS with the receiver failed: ${short(error, 70)}`;
  if (/:25: (i\/o timeout|connect: connection (timed out|refused))|i\/o timeout|connection timed out/.test(e)) {
    return `${lead}: cannot reach the receiver on port 25: is outbound port 25 blocked by the host? (mailsetup --check)`;
  }
  if (/no such host|nxdomain|no mx|no valid mx|lookup .* on /.test(e)) return `${lead}: the recipient's domain has no reachable mail server (DNS): ${short(error, 60)}`;
  if (reply?.code.startsWith('4') || /greylist|try again later/.test(e)) return `${lead}: ${said}: temporary refusal (often greylisting): chasquid retries on its own`;
  return `${lead}: ${said}`;
}

export function classifyLine(line: string): Classified {
  let m: RegExpExecArray | null;
  if ((m = /\bauth failed for (\S+)/.exec(line))) {
    return { kind: 'auth-failed', severity: 'error', explain: `authentication failed for ${m[1]}: wrong password or no such sender (mailsetup senders list)` };
  }
  if (/\bauth succeeded for /.test(line)) return { kind: 'auth-ok', severity: 'ok' };
  if ((m = /\bto=(\S+) failed \((permanent|temporary)\): (.*)$/.exec(line))) {
    const permanent = m[2] === 'permanent';
    return { kind: permanent ? 'delivery-failed' : 'delivery-delayed', severity: permanent ? 'error' : 'warn', explain: `to ${m[1]}: ${explainDelivery(m[3]!, permanent)}` };
  }
  if (/\bto=\S+ sent\s*$/.test(line)) return { kind: 'sent', severity: 'ok' };
  if (/\bfrom=\S* queued ip=/.test(line)) return { kind: 'queued', severity: 'info' };
  if ((m = /\brejected\b.* - (.*)$/.exec(line))) {
    const why = m[1]!;
    const relay = /relay not allowed|not allowed|authentication required/i.test(why);
    return {
      kind: 'rejected',
      severity: 'warn',
      explain: relay
        ? `refused a message: ${short(why, 60)}: senders must log in (port 587 or 465) to send to other domains`
        : `refused a message: ${short(why, 80)}`,
    };
  }
  if (/no ssl\/tls certificates found|at least one valid certificate is needed/i.test(line)) {
    return { kind: 'config', severity: 'error', explain: 'chasquid has no certificate and will not start: mailsetup cert renew' };
  }
  if (/\btls\b.*(error|fail)|tls: |x509: |handshake error|starttls.*(error|fail)/i.test(line)) {
    const client = /bad certificate|unknown certificate|certificate required/i.test(line);
    return {
      kind: 'tls',
      severity: 'warn',
      explain: client
        ? 'TLS error: the other side does not trust the certificate: mailsetup --check (TLS), or mailsetup cert renew'
        : `TLS error: ${short(line.replace(/^.*?(tls|x509|handshake)/i, '$1'), 80)}`,
    };
  }
  if (/failed to start|main process exited|start request repeated too quickly/i.test(line)) {
    return { kind: 'config', severity: 'error', explain: 'chasquid stopped: the lines above say why (often a certificate or a config line)' };
  }
  return { kind: 'info', severity: 'info' };
}
