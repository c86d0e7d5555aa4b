#!/usr/bin/env node
// @ts-check
// The lab's inbox: a tiny SMTP server standing in for the user's Gmail.
// It accepts every message for any recipient and stores it exactly as
// received (bytes kept, only dot-unstuffed), preceded by the Return-Path
// and Received lines a real MX adds, as <id>.eml, plus <id>.json with the
// envelope. Files appear by rename, so a reader never sees half a message.
// Plain JavaScript so the lab can start it without a build step.
//
//   node inbox-server.mjs --dir DIR --hostname NAME --listen HOST:PORT...
//                         [--cert FILE --key FILE]   (offers STARTTLS)
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{dir: string, hostname: string, listen: string[], cert?: string, key?: string}} */
  const o = { dir: '', hostname: 'mx.inbox.test', listen: [] };
  for (let i = 0; i < argv.length; i += 2) {
    const k = argv[i];
    const v = argv[i + 1] ?? '';
    if (k === '--dir') o.dir = v;
    else if (k === '--hostname') o.hostname = v;
    else if (k === '--listen') o.listen.push(v);
    else if (k === '--cert') o.cert = v;
    else if (k === '--key') o.key = v;
    else throw new Error(`unknown option ${k}`);
  }
  if (!o.dir || o.listen.length === 0) throw new Error('need --dir and --listen');
  return o;
}

const opts = parseArgs(process.argv.slice(2));
const tmpDir = path.join(opts.dir, '.tmp');
fs.mkdirSync(tmpDir, { recursive: true });
const secureContext =
  opts.cert && opts.key
    ? tls.createSecureContext({ cert: fs.readFileSync(opts.cert), key: fs.readFileSync(opts.key) })
    : null;
let seq = 0;

/**
 * @param {{mailFrom: string, rcptTo: string[], helo: string, remoteAddress: string, tls: boolean}} env
 * @param {Buffer} data
 */
function store(env, data) {
  const now = new Date();
  const id = `${now.getTime()}-${process.pid}-${++seq}`;
  const received =
    `Return-Path: <${env.mailFrom}>\r\n` +
    `Received: from ${env.helo} ([${env.remoteAddress}])\r\n` +
    `\tby ${opts.hostname} with ${env.tls ? 'ESMTPS' : 'ESMTP'} id ${id}\r\n` +
    `\tfor <${env.rcptTo[0] ?? ''}>; ${now.toUTCString()}\r\n`;
  const meta = { ...env, receivedAt: now.toISOString(), id };
  fs.writeFileSync(path.join(tmpDir, `${id}.json`), JSON.stringify(meta, null, 2) + '\n');
  fs.renameSync(path.join(tmpDir, `${id}.json`), path.join(opts.dir, `${id}.json`));
  fs.writeFileSync(path.join(tmpDir, `${id}.eml`), Buffer.concat([Buffer.from(received, 'latin1'), data]));
  fs.renameSync(path.join(tmpDir, `${id}.eml`), path.join(opts.dir, `${id}.eml`));
  console.log(`${now.toISOString()} stored ${id} from <${env.mailFrom}> to ${env.rcptTo.join(',')} via ${env.remoteAddress}${env.tls ? ' tls' : ''}`);
  return id;
}

/** Remove SMTP dot-stuffing (RFC 5321 4.5.2). @param {Buffer} body */
function unstuff(body) {
  const s = body.toString('latin1').replace(/^\.\./, '.').replace(/\r\n\.\./g, '\r\n.');
  return Buffer.from(s, 'latin1');
}

/**
 * One SMTP conversation on `socket`; called again on the TLS socket after
 * STARTTLS, with a fresh state as RFC 3207 requires.
 * @param {net.Socket} socket @param {string} remoteAddress @param {boolean} secure
 */
function session(socket, remoteAddress, secure) {
  let buf = Buffer.alloc(0);
  let inData = false;
  let helo = '';
  /** @type {string | null} */
  let mailFrom = null;
  /** @type {string[]} */
  let rcptTo = [];
  /** @param {string} line */
  const reply = (line) => socket.write(line + '\r\n');

  /** @param {string} line @returns {boolean} false when the session moved to TLS */
  function command(line) {
    const verb = line.slice(0, 4).toUpperCase();
    const arg = line.slice(4).trim();
    if (verb === 'EHLO' || verb === 'HELO') {
      helo = arg || 'unknown';
      mailFrom = null;
      rcptTo = [];
      if (verb === 'HELO') return reply(`250 ${opts.hostname}`), true;
      const ext = ['PIPELINING', '8BITMIME', 'SMTPUTF8', 'SIZE 52428800'];
      if (secureContext && !secure) ext.push('STARTTLS');
      reply(`250-${opts.hostname} greets ${helo}`);
      ext.forEach((e, i) => reply(`250${i === ext.length - 1 ? ' ' : '-'}${e}`));
    } else if (verb === 'STAR' && line.toUpperCase() === 'STARTTLS' && secureContext && !secure) {
      reply('220 2.0.0 ready to start TLS');
      socket.removeListener('data', onData);
      const t = new tls.TLSSocket(socket, { isServer: true, secureContext });
      t.on('error', () => t.destroy());
      session(t, remoteAddress, true);
      return false;
    } else if (verb === 'MAIL') {
      const m = /^FROM:\s*<([^>]*)>/i.exec(arg);
      if (!helo) reply('503 5.5.1 say EHLO first');
      else if (!m) reply('501 5.5.4 syntax: MAIL FROM:<address>');
      else {
        mailFrom = m[1] ?? '';
        rcptTo = [];
        reply('250 2.1.0 ok');
      }
    } else if (verb === 'RCPT') {
      const m = /^TO:\s*<([^>]+)>/i.exec(arg);
      if (mailFrom === null) reply('503 5.5.1 need MAIL first');
      else if (!m) reply('501 5.5.4 syntax: RCPT TO:<address>');
      else {
        rcptTo.push(m[1] ?? '');
        reply('250 2.1.5 ok');
      }
    } else if (verb === 'DATA') {
      if (mailFrom === null || rcptTo.length === 0) reply('503 5.5.1 need MAIL and RCPT first');
      else {
        inData = true;
        reply('354 end data with <CR><LF>.<CR><LF>');
      }
    } else if (verb === 'RSET') {
      mailFrom = null;
      rcptTo = [];
      reply('250 2.0.0 ok');
    } else if (verb === 'NOOP') reply('250 2.0.0 ok');
    else if (verb === 'VRFY') reply('252 2.0.0 will accept');
    else if (verb === 'QUIT') {
      reply('221 2.0.0 bye');
      socket.end();
      return false;
    } else reply('502 5.5.2 command not implemented');
    return true;
  }

  /** @param {Buffer} chunk */
  function onData(chunk) {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      if (inData) {
        // The terminator is CRLF.CRLF; a message may also be empty (".\r\n").
        const end = buf.indexOf('\r\n.\r\n');
        const empty = buf.subarray(0, 3).toString() === '.\r\n';
        if (end < 0 && !empty) return;
        const body = empty ? Buffer.alloc(0) : buf.subarray(0, end + 2);
        buf = buf.subarray(empty ? 3 : end + 5);
        inData = false;
        const id = store({ mailFrom: mailFrom ?? '', rcptTo, helo, remoteAddress, tls: secure }, unstuff(body));
        mailFrom = null;
        rcptTo = [];
        reply(`250 2.0.0 ok queued as ${id}`);
        continue;
      }
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        if (buf.length > 4096) socket.destroy();
        return;
      }
      const line = buf.subarray(0, nl).toString('utf8').replace(/\r$/, '');
      buf = buf.subarray(nl + 1);
      if (!command(line)) return;
    }
  }

  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
  socket.setTimeout(120000, () => socket.destroy());
  if (!secure) reply(`220 ${opts.hostname} ESMTP mailsetup lab inbox`);
}

for (const spec of opts.listen) {
  const i = spec.lastIndexOf(':');
  const host = spec.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(spec.slice(i + 1));
  const server = net.createServer((s) => session(s, (s.remoteAddress ?? '').replace(/^::ffff:/, ''), false));
  server.listen({ host, port }, () => console.log(`listening on ${spec}`));
  server.on('error', (e) => {
    console.error(`cannot listen on ${spec}: ${e.message}`);
    process.exit(1);
  });
}
process.on('SIGTERM', () => process.exit(0));
