/**
 * OFD (GB/T 33190) signature verification over bytes: a bounded ZIP and XML reader, the
 * References check and the SES signed values.
 */
export { verifyOfd } from './verify-ofd.ts';
export type { OfdSignatureResult, OfdVerificationResult, VerifyOfdOptions } from './verify-ofd.ts';
export type { ReferenceResult } from './check-references.ts';
export { openZip } from './zip-reader.ts';
export type { ZipArchive, ZipEntry, ZipLimits } from './zip-reader.ts';
export { parseXml } from './xml-reader.ts';
export type { XmlElement } from './xml-reader.ts';
