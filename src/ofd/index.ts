/**
 * Writing OFD (GB/T 33190) documents and sealing them (GB/T 38540 signed values), bytes in and
 * bytes out; verification lives in crypto/ofd.
 */
export { writeOfdDocument } from './ofd-document.ts';
export type { OfdCustomTag, OfdDocumentSpec, OfdFiles, OfdFont, OfdImage, OfdLayoutInfo, OfdObject, OfdPage, OfdPath, OfdText } from './ofd-document.ts';
export { zipOfd } from './package.ts';
export type { DeflatedFiles } from './package.ts';
export { sealOfd } from './seal-ofd.ts';
export type { OfdSealResult, OfdStampPlace, SealOfdOptions } from './seal-ofd.ts';
export { completeTrueTypeSubset } from './sfnt.ts';
export { readOfdPackage } from './read-ofd.ts';
export type { OfdPackage } from './read-ofd.ts';
export { esc as xmlEscape } from './xml.ts';
