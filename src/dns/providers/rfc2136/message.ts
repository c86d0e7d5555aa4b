// Builds an RFC 2136 UPDATE message for one zone from planned changes.
// Deletions are exact: a replaced TXT is removed RR by RR (class NONE, with
// its stored character-strings), so unrelated TXT at the same name stays;
// A/AAAA/MX are replaced as a whole RRset (class ANY), which is what "the
// hostname points at the server" means.
import { randomInt } from 'node:crypto';
import { parseCaaValue } from '../../caa.js';
import { parseMxValue } from '../../mx.js';
import { splitTxt } from '../../txt.js';
import { fqdn, type RecordType } from '../../types.js';
import type { RecordChange } from '../types.js';
import { wire } from './wire.js';

const OPCODE_UPDATE = 5;
const TYPE: Record<RecordType, number> = { A: 1, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28, CAA: 257, TLSA: 52 };
const CLASS = { IN: 1, NONE: 254, ANY: 255 } as const;

const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };

function rdata(type: RecordType, value: string, chunks?: string[]): Buffer {
  switch (type) {
    case 'TXT':
      return wire.record('TXT').encode(chunks ?? splitTxt(value));
    case 'MX': {
      const mx = parseMxValue(value);
      return wire.record('MX').encode({ preference: mx.priority, exchange: mx.host });
    }
    case 'CAA': {
      const caa = parseCaaValue(value);
      if (!caa) throw new Error(`not a CAA value: ${value}`);
      return wire.record('CAA').encode({ flags: caa.flags, tag: caa.tag, value: caa.value });
    }
    case 'TLSA': {
      const [usage, selector, matchingType, hex] = value.trim().split(/\s+/);
      return wire.record('TLSA').encode({ usage: Number(usage), selector: Number(selector), matchingType: Number(matchingType), certificate: Buffer.from(hex ?? '', 'hex') });
    }
    default:
      return wire.record(type).encode(value);
  }
}

function rr(name: string, type: RecordType, klass: number, ttl: number, rdataWithLength: Buffer): Buffer {
  return Buffer.concat([wire.name.encode(fqdn(name)), u16(TYPE[type]), u16(klass), u32(ttl), rdataWithLength]);
}

/** The update records for one change, in the order the server must apply them. */
export function updateRecords(change: RecordChange): Buffer[] {
  const { record, previous } = change;
  if (change.action === 'keep') return [];
  const out: Buffer[] = [];
  if (change.action === 'replace') {
    if (record.type === 'TXT') {
      previous.values.forEach((value, i) => out.push(rr(record.name, 'TXT', CLASS.NONE, 0, rdata('TXT', value, previous.txtChunks?.[i]))));
    } else {
      out.push(rr(record.name, record.type, CLASS.ANY, 0, u16(0))); // delete the RRset
    }
  }
  for (const value of record.values) out.push(rr(record.name, record.type, CLASS.IN, record.ttl, rdata(record.type, value)));
  return out;
}

export function inZone(name: string, zone: string): boolean {
  const n = fqdn(name);
  const z = fqdn(zone);
  return n === z || n.endsWith(`.${z}`);
}

/** The unsigned UPDATE message: zone section (SOA question), no prerequisites, the updates. */
export function buildUpdate(zone: string, changes: RecordChange[], id = randomInt(0, 0x10000)): Buffer {
  for (const c of changes) {
    if (!inZone(c.record.name, zone)) throw new Error(`${c.record.name} is not inside the zone ${fqdn(zone)}: it must be published in its own zone`);
  }
  const updates = changes.flatMap(updateRecords);
  const header = Buffer.concat([u16(id), u16(OPCODE_UPDATE << 11), u16(1), u16(0), u16(updates.length), u16(0)]);
  const zoneSection = Buffer.concat([wire.name.encode(fqdn(zone)), u16(6 /* SOA */), u16(CLASS.IN)]);
  return Buffer.concat([header, zoneSection, ...updates]);
}
