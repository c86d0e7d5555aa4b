// The watch's DNS reader (assets/watch/watch-dns.awk) on replies built here
// byte by byte, as `od -An -v -tu1` hands them to it on the server: each
// record type it prints, compressed names, several TXT strings, and the
// replies that say nothing about the record (SERVFAIL, REFUSED, truncated);
// in mawk, the awk of Debian and Ubuntu (no bit operators, no gawk extensions).
import { execa } from 'execa';
import { join } from 'node:path';

const AWK = join(import.meta.dirname ?? process.cwd(), '../../assets/watch/watch-dns.awk');
const TYPES = { A: 1, PTR: 12, MX: 15, TXT: 16, AAAA: 28 } as const;

const u16 = (n: number) => [n >> 8, n & 255];
const name = (text: string) => [...text.split('.').flatMap((l) => [l.length, ...Buffer.from(l)]), 0];

/** A reply to one question for `qname`; each answer's owner is a pointer to the question's name. */
function reply(qname: string, type: number, answers: { type: number; data: number[] }[], flags = 0x8180): number[] {
  const head = [0x12, 0x34, ...u16(flags), ...u16(1), ...u16(answers.length), 0, 0, 0, 0];
  const question = [...name(qname), ...u16(type), 0, 1];
  const records = answers.flatMap((a) => [0xc0, 12, ...u16(a.type), 0, 1, 0, 0, 14, 16, ...u16(a.data.length), ...a.data]);
  return [...head, ...question, ...records];
}

async function read(bytes: number[], want: keyof typeof TYPES): Promise<{ code: number; lines: string[] }> {
  // As od prints them: 16 decimal numbers a line.
  const lines = [];
  for (let i = 0; i < bytes.length; i += 16) lines.push(bytes.slice(i, i + 16).map((b) => String(b).padStart(4)).join(''));
  const r = await execa('mawk', ['-v', `want=${TYPES[want]}`, '-f', AWK], { input: `${lines.join('\n')}\n`, reject: false });
  return { code: r.exitCode ?? -1, lines: r.stdout ? r.stdout.split('\n') : [] };
}

const txt = (...strings: string[]) => strings.flatMap((s) => [s.length, ...Buffer.from(s)]);

test('A, AAAA (every group of four digits), and only the type asked for', async () => {
  const bytes = reply('smtp.example.test', 1, [
    { type: 1, data: [203, 0, 113, 7] },
    { type: 5, data: name('other.example.test') },
    { type: 1, data: [10, 77, 0, 12] },
  ]);
  expect(await read(bytes, 'A')).toEqual({ code: 0, lines: ['203.0.113.7', '10.77.0.12'] });
  const v6 = reply('smtp.example.test', 28, [{ type: 28, data: [0xfd, 0x6d, 0x6c, 0x61, 0x62, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12] }]);
  expect(await read(v6, 'AAAA')).toEqual({ code: 0, lines: ['fd6d:6c61:6200:0000:0000:0000:0000:0012'] });
});

test('TXT strings joined into one value per record; bytes outside printable ASCII shown as ?', async () => {
  const bytes = reply('sel._domainkey.example.test', 16, [
    { type: 16, data: txt('v=DKIM1; k=rsa; p=MIIB', 'IjANBg') },
    { type: 16, data: [...txt('v=spf1 -all'), 3, 0x0a, 0x1b, 0x41] },
  ]);
  expect(await read(bytes, 'TXT')).toEqual({ code: 0, lines: ['v=DKIM1; k=rsa; p=MIIBIjANBg', 'v=spf1 -all??A'] });
});

test('MX and PTR names, following compression pointers, in lower case', async () => {
  // The exchange is "SMTP" and a pointer to the question's name, which starts right after the 12-byte header.
  const mx = reply('Example.Test', 15, [{ type: 15, data: [0, 10, 4, ...Buffer.from('SMTP'), 0xc0, 12] }]);
  expect(await read(mx, 'MX')).toEqual({ code: 0, lines: ['10 smtp.example.test'] });
  const ptr = reply('12.0.77.10.in-addr.arpa', 12, [{ type: 12, data: name('smtp.example.test') }]);
  expect(await read(ptr, 'PTR')).toEqual({ code: 0, lines: ['smtp.example.test'] });
});

test('NXDOMAIN and an empty answer print nothing; SERVFAIL, REFUSED, a truncated or short reply exit 2', async () => {
  expect(await read(reply('gone.example.test', 16, [], 0x8183), 'TXT')).toEqual({ code: 0, lines: [] });
  expect(await read(reply('empty.example.test', 16, []), 'TXT')).toEqual({ code: 0, lines: [] });
  expect((await read(reply('x.example.test', 16, [], 0x8182), 'TXT')).code).toBe(2);
  expect((await read(reply('x.example.test', 16, [], 0x8185), 'TXT')).code).toBe(2);
  expect((await read(reply('x.example.test', 16, [{ type: 16, data: txt('part') }], 0x8380), 'TXT')).code).toBe(2);
  expect((await read([0x12, 0x34, 0x81], 'TXT')).code).toBe(2);
});
