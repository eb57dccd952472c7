/**
 * The parts of an OFD signature description (Signature.xml, GB/T 33190 §18.2) that
 * verification needs: the signature method and time as stated, the protected files with their
 * check values, and the location of the signed value.
 */
import { CryptoError } from '../errors.ts';
import { folderOf, resolveLoc } from './ofd-path.ts';
import { childNamed, childrenNamed, parseXml } from './xml-reader.ts';

/** One protected file. */
export interface OfdReference {
  /** FileRef as written. */
  readonly fileRef: string;
  /** The resolved package path. */
  readonly path: string;
  /** The check value (decoded from base64). */
  readonly checkValue: Uint8Array;
}

/** A parsed Signature.xml. */
export interface OfdSignatureXml {
  readonly provider?: string;
  readonly signatureMethod?: string;
  readonly signatureDateTime?: string;
  /** Digest algorithm of the check values, as written (default `MD5` per GB/T 33190). */
  readonly checkMethod: string;
  readonly references: readonly OfdReference[];
  /** Package path of the signed value (SignedValue.dat). */
  readonly signedValuePath: string;
}

const MAX_REFERENCES = 10_000;

function bad(message: string): never {
  throw new CryptoError('ERR_OFD_MALFORMED', `Signature.xml: ${message}`);
}

function base64(text: string): Uint8Array {
  const s = text.replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) bad('CheckValue is not base64');
  return new Uint8Array(Buffer.from(s, 'base64'));
}

/** Parses Signature.xml found at `path`; throws `ERR_OFD_MALFORMED`. */
export function parseSignatureXml(bytes: Uint8Array, path: string): OfdSignatureXml {
  const root = parseXml(bytes);
  if (root.local !== 'Signature') bad(`root element is ${root.name}`);
  const info = childNamed(root, 'SignedInfo');
  if (info === undefined) bad('SignedInfo missing');
  const refs = childNamed(info, 'References');
  const list = childrenNamed(refs, 'Reference');
  if (list.length > MAX_REFERENCES) bad('too many references');
  const base = folderOf(path);
  const references = list.map((r) => {
    const fileRef = r.attributes.FileRef;
    if (fileRef === undefined) bad('Reference without FileRef');
    return { fileRef, path: resolveLoc(base, fileRef), checkValue: base64(childNamed(r, 'CheckValue')?.text ?? '') };
  });
  const signedValue = childNamed(root, 'SignedValue')?.text.trim();
  if (signedValue === undefined || signedValue === '') bad('SignedValue missing');
  const text = (local: string): string | undefined => childNamed(info, local)?.text.trim();
  const provider = childNamed(info, 'Provider')?.attributes.ProviderName;
  return {
    ...(provider === undefined ? {} : { provider }),
    ...(text('SignatureMethod') === undefined ? {} : { signatureMethod: text('SignatureMethod')! }),
    ...(text('SignatureDateTime') === undefined ? {} : { signatureDateTime: text('SignatureDateTime')! }),
    checkMethod: refs?.attributes.CheckMethod ?? 'MD5',
    references,
    signedValuePath: resolveLoc(base, signedValue),
  };
}
