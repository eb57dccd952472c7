// One licence as a retrieval gives it: identifier, type, issuer, status now, only the fields the
// service item may read, the digest of the signed data, and the sealed PDF or OFD when asked for.
import { sm3 } from '../../crypto/sm3.ts';
import { isAppError } from '../../domain/errors.ts';
import { LICENCE_STATUS_CODES, LICENCE_STATUS_NAMES, statusAt } from '../../domain/licence.ts';
import type { LicenceRecord, LicenceStatus } from '../../domain/licence.ts';
import { readLicenceContent } from '../licences/licence-deps.ts';
import { readLicenceOfd } from '../licences/read-licence-ofd.ts';
import { readLicencePdf } from '../licences/read-licence-pdf.ts';
import type { LicenceUseDeps } from './licence-use-deps.ts';

export interface UsedLicence {
  readonly identifier: string;
  readonly typeCode: string;
  readonly typeName: string | null;
  readonly version: number;
  readonly issuer: { readonly code: string; readonly name: string };
  readonly status: { readonly code: string | null; readonly name: string | null; readonly valid: boolean };
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly fields: Readonly<Record<string, string | null>>;
  /** SM3 (hex) of the canonical signed data, as the licence's seal covers it. */
  readonly dataSm3: string;
  /** The sealed PDF, when asked for. */
  readonly file?: FileCopy<'application/pdf'>;
  /** The sealed OFD, when asked for; null for a licence issued before OFD files were made. */
  readonly ofdFile?: FileCopy<'application/ofd'> | null;
}

export interface FileCopy<M extends string> {
  readonly mediaType: M;
  readonly sm3: string;
  readonly base64: string;
}

/** The sealed files a retrieval may include. */
export const FILE_FORMATS = ['pdf', 'ofd'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const copy = <M extends string>(mediaType: M, bytes: Uint8Array): FileCopy<M> => ({ mediaType, sm3: Buffer.from(sm3(bytes)).toString('hex'), base64: Buffer.from(bytes).toString('base64') });

async function ofdOf(deps: Pick<LicenceUseDeps, 'licences'>, l: LicenceRecord): Promise<Uint8Array | null> {
  try {
    return (await readLicenceOfd(deps.licences, l)).bytes;
  } catch (e) {
    if (isAppError(e, 'ERR_NOT_FOUND')) return null;
    throw e;
  }
}

export async function readUsedLicence(
  deps: Pick<LicenceUseDeps, 'licences'>, l: LicenceRecord, fields: readonly string[], files: readonly FileFormat[], now: Date,
): Promise<UsedLicence> {
  const [events, content, pdf, ofd] = await Promise.all([
    deps.licences.store.events(l.id), readLicenceContent(deps.licences.store, l.id),
    files.includes('pdf') ? readLicencePdf(deps.licences, l) : null, files.includes('ofd') ? ofdOf(deps, l) : undefined,
  ]);
  const s = statusAt(l, events, now);
  const known = s.status in LICENCE_STATUS_CODES ? (s.status as LicenceStatus) : null;
  return {
    identifier: l.identifier, typeCode: l.typeCode, typeName: deps.licences.templates.get(l.typeCode)?.definition.name ?? null, version: l.version,
    issuer: { code: l.issuerCode, name: l.issuerName },
    status: { code: s.code, name: known === null ? null : LICENCE_STATUS_NAMES[known], valid: s.valid },
    validFrom: l.validFrom, validUntil: l.validUntil,
    fields: Object.fromEntries(fields.map((f) => [f, content.data[f] ?? null])),
    dataSm3: l.dataSm3,
    ...(pdf ? { file: copy('application/pdf', pdf.bytes) } : {}),
    ...(ofd !== undefined ? { ofdFile: ofd === null ? null : copy('application/ofd', ofd) } : {}),
  };
}
