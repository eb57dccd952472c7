/**
 * ExtensionDatas (GB/T 38540 §5.2):
 * `SEQUENCE OF ExtData`, `ExtData ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING }`.
 *
 * Some producers write `critical FALSE` although DER omits default values. Whether the field was
 * present is kept (`critical` undefined = absent), and the encoder writes it back as found, so a
 * decoded-and-encoded structure keeps its bytes.
 */
import { TAG } from '../asn1/der-reader.ts';
import { readBoolean, readOctetString, readOid } from '../asn1/der-values.ts';
import { boolean, concatBytes, octetString, oid, sequence } from '../asn1/der-writer.ts';
import { MAX_LIST_ENTRIES, asSesError, copy, elementOf, fields, sesMalformed } from './ses-der.ts';
import type { DerInput } from './ses-der.ts';

/** One extension. */
export interface ExtData {
  readonly extnID: string;
  /** Undefined when the field was absent (which means FALSE). */
  readonly critical?: boolean;
  readonly extnValue: Uint8Array;
}

/** A list of extensions. */
export type ExtensionDatas = readonly ExtData[];

function decodeExtData(items: ReturnType<typeof fields>): ExtData {
  const extnID = readOid(items[0], 'ExtData.extnID');
  if (items.length === 3) {
    return { extnID, critical: readBoolean(items[1], 'ExtData.critical'), extnValue: copy(readOctetString(items[2], 'ExtData.extnValue')) };
  }
  if (items[1]?.tag === TAG.BOOLEAN) sesMalformed('ExtData: extnValue missing');
  return { extnID, extnValue: copy(readOctetString(items[1], 'ExtData.extnValue')) };
}

/** Decode and encode {@link ExtensionDatas}. */
export const ExtensionDatas = {
  /** Throws `ERR_SES_MALFORMED` for a malformed list or more than 256 entries. */
  decode(input: DerInput): ExtensionDatas {
    return asSesError('ExtensionDatas', () => {
      const list = fields(elementOf(input, 'ExtensionDatas'), 'ExtensionDatas', 0, MAX_LIST_ENTRIES);
      return list.map((el) => decodeExtData(fields(el, 'ExtData', 2, 3)));
    });
  },

  /** DER of the list; `critical` is written only when it is defined. */
  encode(list: ExtensionDatas): Uint8Array {
    return sequence(...list.map((e) => sequence(concatBytes(
      oid(e.extnID),
      e.critical === undefined ? new Uint8Array(0) : boolean(e.critical),
      octetString(e.extnValue),
    ))));
  },
};
