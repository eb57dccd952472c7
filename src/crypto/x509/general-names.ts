/**
 * GeneralName (RFC 5280 §4.2.1.6): the forms used in subjectAltName, CRL distribution
 * points and authority key identifiers.
 */
import { derChildren, malformed } from '../asn1/der-reader.ts';
import type { DerElement } from '../asn1/der-reader.ts';
import { explicit, ia5String, implicitPrimitive } from '../asn1/der-writer.ts';
import { decodeOid } from '../asn1/oid.ts';
import { CryptoError } from '../errors.ts';
import { nameFromElement } from './names.ts';

/** A decoded GeneralName. Forms we do not interpret keep their DER in `value` as hex. */
export type GeneralName =
  | { readonly type: 'email' | 'dns' | 'uri'; readonly value: string }
  | { readonly type: 'ip'; readonly value: string }
  | { readonly type: 'directoryName'; readonly value: string; readonly der: Uint8Array }
  | { readonly type: 'registeredId'; readonly value: string }
  | { readonly type: 'other'; readonly tag: number; readonly value: string };

/** GeneralName input for building: the string forms only. */
export interface GeneralNameInput {
  readonly type: 'email' | 'dns' | 'uri';
  readonly value: string;
}

const ASCII = /^[\x21-\x7e]+$/;

/** Encodes one GeneralName of a string form; throws `ERR_CERT_INVALID_NAME` for non-ASCII. */
export function encodeGeneralName(n: GeneralNameInput): Uint8Array {
  if (n === null || typeof n !== 'object' || typeof n.value !== 'string' || !ASCII.test(n.value)) {
    throw new CryptoError('ERR_CERT_INVALID_NAME', 'general names must be non-empty printable ASCII');
  }
  const tag = { email: 1, dns: 2, uri: 6 }[n.type];
  if (tag === undefined) throw new CryptoError('ERR_CERT_INVALID_NAME', `unsupported general name type: ${String(n.type)}`);
  if (n.type === 'uri' && !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(n.value)) {
    throw new CryptoError('ERR_CERT_INVALID_NAME', 'a URI general name needs a scheme');
  }
  // The IA5String contents under an IMPLICIT context tag.
  return implicitPrimitive(tag, ia5String(n.value).subarray(2));
}

/** A directoryName GeneralName around an encoded Name. */
export function encodeDirectoryName(nameDer: Uint8Array): Uint8Array {
  return explicit(4, nameDer);
}

function ascii(el: DerElement, what: string): string {
  if (el.constructed) malformed(`${what}: must be primitive`);
  if (el.value.some((b) => b > 0x7f)) malformed(`${what}: not IA5`);
  return Buffer.from(el.value).toString('latin1');
}

/** Decodes one GeneralName element. */
export function decodeGeneralName(el: DerElement): GeneralName {
  if (el.tagClass !== 'context') malformed('GeneralName: not context-tagged');
  switch (el.tagNumber) {
    case 1:
      return { type: 'email', value: ascii(el, 'rfc822Name') };
    case 2:
      return { type: 'dns', value: ascii(el, 'dNSName') };
    case 6:
      return { type: 'uri', value: ascii(el, 'uniformResourceIdentifier') };
    case 7: {
      if (el.constructed || (el.value.length !== 4 && el.value.length !== 16)) malformed('iPAddress: bad length');
      const v = el.value;
      const text = v.length === 4
        ? [...v].join('.')
        : Array.from({ length: 8 }, (_, i) => ((v[2 * i]! << 8) | v[2 * i + 1]!).toString(16)).join(':');
      return { type: 'ip', value: text };
    }
    case 4: {
      const inner = derChildren(el);
      if (inner.length !== 1) malformed('directoryName: expected one Name');
      const name = nameFromElement(inner[0]!);
      return { type: 'directoryName', value: name.text, der: name.der };
    }
    case 8:
      if (el.constructed) malformed('registeredID: must be primitive');
      return { type: 'registeredId', value: decodeOid(el.value, 'registeredID') };
    default:
      return { type: 'other', tag: el.tag, value: Buffer.from(el.raw).toString('hex') };
  }
}

/** Decodes GeneralNames (a SEQUENCE OF GeneralName, possibly under an implicit tag). */
export function decodeGeneralNames(el: DerElement): GeneralName[] {
  const items = derChildren(el);
  if (items.length === 0) malformed('GeneralNames: empty');
  return items.map(decodeGeneralName);
}
