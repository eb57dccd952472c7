// Inputs of the seal API, checked by zod before any use case runs. The OpenAPI description is
// generated from these same schemas, so the documentation cannot drift from what is enforced.
import { z } from 'zod';
import { REVOCATION_REASONS, SEAL_KINDS } from '../../domain/seal.ts';

const reason = z.string().trim().min(1).max(500).describe('Why; kept in the seal history and the audit log.');

export const sealIdParam = z.string().regex(/^seal_[A-Za-z0-9_-]{1,40}$/).describe('Seal id.');
export const grantIdParam = z.string().regex(/^grant_[A-Za-z0-9_-]{1,40}$/).describe('Grant id.');

export const applyBody = z.strictObject({
  kind: z.enum(SEAL_KINDS),
  owner: z.strictObject({
    kind: z.enum(['department', 'legal_person']),
    id: z.string().min(1).max(64).describe("A department id (the applicant's own) or a legal person's account id."),
  }),
  personName: z.string().trim().min(1).max(16).optional().describe('Name seals only: whose name is engraved.'),
  validityYears: z.int().min(1).max(10).optional().describe('Whole years; default 5.'),
  image: z.base64().max(2_000_000).optional().describe('An uploaded PNG (base64), red on transparent, instead of a generated image.'),
});

export const reasonBody = z.strictObject({ reason });

export const revokeBody = z.strictObject({ reason, revocationReason: z.enum(REVOCATION_REASONS).optional() });

export const grantBody = z.strictObject({
  accountId: z.string().min(1).max(64).describe("The grantee: an account of the seal's organisation."),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('When the grant lapses; none by default.'),
});

// Query strings are text: a number is spelt out in full (an empty value is not zero).
const numeral = (pattern: RegExp) => z.string().regex(pattern).transform(Number);
const coordinate = numeral(/^-?\d{1,5}(\.\d{1,4})?$/).pipe(z.number().min(-14_400).max(14_400));
export const stampQuery = z.strictObject({
  page: numeral(/^\d{1,6}$/).pipe(z.int().min(1).max(100_000)).optional().describe('1-based page number; required with x and y, optional with keyword (default: the first page showing it).'),
  x: coordinate.optional().describe('Centre of the seal, PDF points from the left edge of the page (OFD: mm from the left edge).'),
  y: coordinate.optional().describe('Centre of the seal, PDF points from the bottom edge of the page (OFD: mm from the top edge); with crossPage, on every page.'),
  keyword: z.string().trim().min(1).max(100).optional().describe('Instead of x and y: centre the seal on this text on the page, e.g. 盖章处 or the organisation\'s name.'),
  crossPage: z.literal('true').optional().describe('A cross-page seal (骑缝章) instead of page and x, with y only: one signature whose seal is cut into one vertical strip per page, page i of N showing the i-th strip at its right edge, so the pages fanned out show the whole seal. The document needs at least two pages (else ERR_CROSS_PAGE_TOO_FEW_PAGES).'),
  reason,
  location: z.string().trim().min(1).max(200).optional().describe('Where the document was sealed.'),
  container: z.enum(['ses', 'cms']).optional().describe('Signature container of a PDF: `ses` (default) puts the GB/T 38540 SES_Signature in /Contents (/SubFilter /GB.T38540.SES); `cms` writes CMS SignedData (adbe.pkcs7.detached) with the SES_Signature as an unsigned attribute. An OFD file takes `ses` only.'),
}).refine((q) => {
  if (q.crossPage !== undefined) return q.y !== undefined && q.page === undefined && q.x === undefined && q.keyword === undefined;
  return q.keyword === undefined ? q.page !== undefined && q.x !== undefined && q.y !== undefined : q.x === undefined && q.y === undefined;
}, {
  message: 'give page, x and y; or a keyword (with an optional page); or crossPage=true with y', path: ['x'],
});

const sm3Hex = z.string().regex(/^[0-9a-fA-F]{64}$/).describe('SM3 digest, 64 hex digits.');
const propertyInfo = z.string().regex(/^[\x20-\x7e]{1,256}$/).optional().describe('What is protected (TBS_Sign propertyInfo, printable ASCII); default `detached`.');

/** Detached signing of raw bytes (`application/octet-stream` body): the rest in the query. */
export const signQuery = z.strictObject({ reason, propertyInfo });

/** Detached signing of a hash the caller computed. */
export const signHashBody = z.strictObject({ sm3: sm3Hex, reason, propertyInfo });

/** A detached SES_Signature with its data or the data's hash. */
export const verifySignatureBody = z.strictObject({
  signature: z.base64().min(1).max(1_000_000).describe('SES_Signature DER, base64.'),
  data: z.base64().max(10_000_000).optional().describe('The protected bytes, base64; or give sm3.'),
  sm3: sm3Hex.optional(),
}).refine((b) => (b.data === undefined) !== (b.sm3 === undefined), { message: 'give either data or sm3', path: ['data'] });

