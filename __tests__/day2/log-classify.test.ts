import { classifyLine, explainDelivery, smtpReply } from '../../src/day2/log-classify.js';

const at = '2026-11-28T10:00:00+0000 smtp chasquid[412]: ';

describe('chasquid log lines', () => {
  test('a failed AUTH is an error with a hint', () => {
    const c = classifyLine(`${at}10.77.3.1:41234 auth failed for i@example13.test`);
    expect(c).toMatchObject({ kind: 'auth-failed', severity: 'error' });
    expect(c.explain).toMatch(/authentication failed for i@example13\.test.*senders list/);
    expect(classifyLine(`${at}10.77.3.1:41234 auth succeeded for i@example13.test`).kind).toBe('auth-ok');
  });

  test('a permanent delivery failure says why in one line (SPF/DKIM)', () => {
    const line = `${at}Iq0JZs4v from=i@example13.test to=someone@gmail.com failed (permanent): all MXs failed: 550 5.7.26 This mail is unauthenticated, which poses a security risk`;
    const c = classifyLine(line);
    expect(c).toMatchObject({ kind: 'delivery-failed', severity: 'error' });
    expect(c.explain).toBe('to someone@gmail.com: remote refused: 550 5.7.26 This mail is unauthenticated, which poses a security risk: unauthenticated sender: check SPF/DKIM (mailsetup --check)');
    expect(c.explain!.includes('\n')).toBe(false);
  });

  test('temporary failures, blocklists, unknown users, port 25 blocked', () => {
    expect(classifyLine(`${at}X from=a@b.test to=c@d.test failed (temporary): 451 4.7.1 Greylisted, try again later`)).toMatchObject({
      kind: 'delivery-delayed',
      severity: 'warn',
    });
    expect(explainDelivery('554 5.7.1 Service unavailable; Client host [203.0.113.7] blocked using zen.spamhaus.org', true)).toMatch(/blocklist/);
    expect(explainDelivery('550 5.1.1 The email account that you tried to reach does not exist', true)).toMatch(/does not exist/);
    expect(explainDelivery('dial tcp 142.250.1.27:25: i/o timeout', false)).toMatch(/outbound port 25 blocked/);
    expect(explainDelivery('550 5.7.25 The IP address sending this message does not have a PTR record setup', true)).toMatch(/reverse DNS/);
  });

  test('sent, queued, rejected, TLS and certificate lines', () => {
    expect(classifyLine(`${at}X from=a@b.test to=c@d.test sent`)).toMatchObject({ kind: 'sent', severity: 'ok' });
    expect(classifyLine(`${at}X from=a@b.test queued ip=10.0.0.1:5 to=[c@d.test]`).kind).toBe('queued');
    const rej = classifyLine(`${at}10.0.0.9:5555 rejected from=x@y.test to=[z@w.test] - 550 5.7.1 relay not allowed`);
    expect(rej).toMatchObject({ kind: 'rejected', severity: 'warn' });
    expect(rej.explain).toMatch(/must log in/);
    expect(classifyLine(`${at}SMTP.Conn 10.0.0.9:465: TLS handshake error: tls: client offered only unsupported versions`).kind).toBe('tls');
    expect(classifyLine(`${at}tls: bad certificate`).explain).toMatch(/does not trust the certificate/);
    expect(classifyLine(`${at}E server.go:204      No SSL/TLS certificates found`)).toMatchObject({ kind: 'config', severity: 'error' });
    expect(classifyLine(`${at}daemon listening on :25`)).toEqual({ kind: 'info', severity: 'info' });
  });

  test('smtpReply finds the first reply in an error text', () => {
    expect(smtpReply('all MXs failed: 550 5.7.26 nope')).toEqual({ code: '550', enhanced: '5.7.26', text: 'nope' });
    expect(smtpReply('421 try later')).toEqual({ code: '421', enhanced: undefined, text: 'try later' });
    expect(smtpReply('connection refused')).toBeUndefined();
  });
});
