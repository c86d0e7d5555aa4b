// The low-level parts of dns-packet (name, question, answer and rdata
// codecs) that its type definitions leave out, typed for what we use. Each
// codec sets `.bytes` to what its last call read or wrote.
import dnsPacket from 'dns-packet';

interface Codec<T> {
  encode(value: T, buf?: Buffer, offset?: number): Buffer;
  decode(buf: Buffer, offset?: number): T;
  encodingLength(value: T): number;
}
type Counted<T> = Codec<T> & { encode: Codec<T>['encode'] & { bytes: number }; decode: Codec<T>['decode'] & { bytes: number } };

interface Wire {
  name: Counted<string>;
  question: Counted<unknown>;
  answer: Counted<unknown>;
  /** The rdata codec of a type; its encoding starts with the 2-byte RDLENGTH. */
  record(type: string): Counted<unknown>;
}

export const wire = dnsPacket as unknown as Wire;
export { dnsPacket };
