/**
 * PEM (RFC 7468) armouring of DER. Decoding is strict about the label and base64 alphabet so
 * that a truncated or mislabelled file is rejected instead of silently half-read.
 */
import { CryptoError } from '../errors.ts';

/** Wraps DER in `-----BEGIN label-----` lines, 64 base64 characters per line. */
export function toPem(der: Uint8Array, label: string): string {
  const b64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Every PEM block with the given label, in order. Text outside the blocks (such as the
 * `openssl x509 -text` dump that some files carry) is ignored. Throws `ERR_PEM_MALFORMED`
 * when a block is damaged, and when no block is found.
 */
export function fromPemAll(text: string, label: string): Uint8Array[] {
  if (typeof text !== 'string') throw new CryptoError('ERR_PEM_MALFORMED', 'PEM input is not a string');
  const out: Uint8Array[] = [];
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  let pos = 0;
  for (;;) {
    const b = text.indexOf(begin, pos);
    if (b < 0) break;
    const e = text.indexOf(end, b + begin.length);
    if (e < 0) throw new CryptoError('ERR_PEM_MALFORMED', `unterminated ${label} block`);
    const body = text.slice(b + begin.length, e).replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0 || body.length === 0) {
      throw new CryptoError('ERR_PEM_MALFORMED', `bad base64 in ${label} block`);
    }
    out.push(new Uint8Array(Buffer.from(body, 'base64')));
    pos = e + end.length;
  }
  if (out.length === 0) throw new CryptoError('ERR_PEM_MALFORMED', `no ${label} block found`);
  return out;
}

/** The single PEM block with the given label; more than one is an error. */
export function fromPem(text: string, label: string): Uint8Array {
  const all = fromPemAll(text, label);
  if (all.length !== 1) throw new CryptoError('ERR_PEM_MALFORMED', `expected one ${label} block, found ${all.length}`);
  return all[0]!;
}
