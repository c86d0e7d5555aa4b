// Names are normalised once, where answers are read (the answers file, the
// wizard, day-two arguments), so that every path, record and check sees one
// form: `Example.COM.` and `example.com` must not become two folders under
// /etc/chasquid/domains.

/** A domain or host name in lower case without the final dot. */
export const normalName = (name: string): string => name.toLowerCase().replace(/\.$/, '');

/** An address with its domain normalised; the local part is kept as given. */
export function normalAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : `${address.slice(0, at)}@${normalName(address.slice(at + 1))}`;
}

/** The domain part of an address, normalised. */
export const addressDomain = (address: string): string => normalName(address.slice(address.lastIndexOf('@') + 1));
