// Public verification: `GET /v/:handle` (the QR code's link; a page for people, JSON for
// `Accept: application/json`), `POST /api/verify` (JSON `{handle}` | `{identifier}` | `{code}` (a
// holder's share code or link token), or a PDF,
// OFD or SES file as the raw body or a multipart form), and the page at `/verify` (typed code
// by GET, upload by POST). No account needed: each client IP is rate-limited in the shared store;
// registered verifier systems (client-credentials tokens with the `verify` scope) get a higher
// limit. Every answer is a verdict, sent as the seal API sends its own (verdict-response.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { AppError, isAppError } from '../../domain/errors.ts';
import type { SignedTrustList } from '../../domain/trust-list.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from '../../services/verification/verification-deps.ts';
import { verifyLicenceByHandle } from '../../services/verification/verify-licence-by-handle.ts';
import { verifyLicenceByShare } from '../../services/verification/verify-licence-by-share.ts';
import { verifyLicenceByIdentifier } from '../../services/verification/verify-licence-by-identifier.ts';
import { verifyUpload } from '../../services/verification/verify-upload.ts';
import { toHttpError } from '../errors.ts';
import { fromRequestReading } from '../middleware/error-handler.ts';
import { callerOf, requireCaller, setBearerChallenge } from '../middleware/require-caller.ts';
import { byteSize, sharedRawBody } from '../middleware/shared-body.ts';
import { pageOptions } from '../views/prefs.ts';
import { verificationErrorPage, verificationPage } from '../views/verification-page.ts';
import { verificationMessages } from '../views/verification-i18n.ts';
import { requestContext } from '../request-context.ts';
import { multipartFile } from './verification-multipart.ts';
import { loose, ref } from '../api-operation.ts';
import { CHECK_CODES, RESULT_MESSAGES } from '../../domain/verdict.ts';
import type { ApiOperation, ApiResponse } from '../api-operation.ts';
import { sendOutcome, setVerdictHeaders, verdictStatus } from './verdict-response.ts';

export const VERIFY_SCOPE = 'verify';

export interface VerificationRouteDeps {
  verification: VerificationDeps;
  /** The shared counter store (fixed-window rate limits). */
  counters: { increment(key: string, ttlSeconds: number): Promise<number> };
  /** The caller a bearer token stands for, or null when it is not a live API token. */
  readToken(token: string): Promise<ApiCaller | null>;
  /** Requests per minute: per client IP for the public, per client for verifier systems. */
  limits?: { publicPerMinute: number; verifierPerMinute: number };
  /** The signed offline trust list to publish, when the deployment has one. */
  trustList?: () => Promise<SignedTrustList>;
  /** Largest accepted upload, e.g. `20mb`; by default 32 MB, so that a 20 MB-class document of a few hundred pages (21 MB for 420 pages) is accepted: the reading budgets, not the size, bound the work. */
  maxUpload?: string;
  /** The legal basis on which a verifier system sees every field in full, or null (verifier-basis.ts). */
  legalBasisOf?: (clientId: string) => Promise<string | null>;
}

const css = readFileSync(new URL('../views/verification.css', import.meta.url), 'utf8');
// The page's camera scanner and its QR decoder, both served from our own origin (the CSP allows
// same-origin scripts only, and a verifier's browser should not depend on a third-party CDN).
const scanScript = readFileSync(new URL('../views/verify-scan.js', import.meta.url), 'utf8');
const jsqrScript = readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');
const UPLOAD_TYPES = ['application/pdf', 'application/ofd', 'application/zip', 'application/octet-stream', 'multipart/form-data'];
const handleParam = z.string().regex(/^[0-9A-Za-z]{16}$/, 'a handle is 16 letters and digits');
const jsonBody = z.union([
  z.strictObject({ handle: handleParam }),
  z.strictObject({ identifier: z.string().trim().min(20).max(120) }),
  z.strictObject({ code: z.string().trim().min(8).max(60) }),
]);
const typedCode = z.string().trim().min(1).max(300);

function invalid(error: z.ZodError): AppError {
  return new AppError('ERR_VALIDATION', 'invalid verification request', { details: { issues: error.issues.map((i) => ({ path: i.path, message: i.message })) } });
}

/** The token of a share link: 32 random bytes, base64url. */
const shareTokenParam = z.string().regex(/^(?:[A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{32})$/);

/** What a typed or scanned code is: a verification link or handle, a share code or token, or an identifier. */
export function readTypedCode(raw: string): { handle: string } | { code: string } | { identifier: string } {
  const text = raw.trim();
  const link = /\/v\/([0-9A-Za-z]{16})(?:[/?#].*)?$/.exec(text);
  if (link) return { handle: link[1] as string };
  if (/^[0-9A-Za-z]{16}$/.test(text)) return { handle: text };
  if (/^[A-Za-z0-9_-]{43}$/.test(text) || text.toUpperCase().replace(/[\s-]/g, '').length === 8) return { code: text };
  return { identifier: text };
}

/** The use case for a typed reference. */
function verifyTyped(deps: VerificationDeps, ref: ReturnType<typeof readTypedCode>, ctx: VerificationContext): Promise<VerificationOutcome> {
  if ('handle' in ref) return verifyLicenceByHandle(deps, ref, ctx);
  if ('code' in ref) return verifyLicenceByShare(deps, ref, ctx);
  return verifyLicenceByIdentifier(deps, ref, ctx);
}

export function verificationRoutes(deps: VerificationRouteDeps): Router {
  const r = Router();
  const limits = deps.limits ?? { publicPerMinute: 60, verifierPerMinute: 6000 };
  const raw = sharedRawBody({ type: UPLOAD_TYPES, limit: byteSize(deps.maxUpload ?? '32mb') });

  /** A presented token must be live; without one the request is the public's. */
  const bearer = requireCaller(VERIFY_SCOPE, deps.readToken, { optional: true });
  /** Who is asking, after the rate limit. A presented token must carry the `verify` scope. */
  const caller = async (req: Request, res: Response): Promise<VerificationContext> => {
    const { clientIp, requestId } = requestContext(req);
    const token = callerOf<ApiCaller>(res);
    if (token !== null && !token.scopes.includes(VERIFY_SCOPE)) throw new AppError('ERR_FORBIDDEN', 'the token lacks the verify scope');
    const verifier = token?.clientId ?? null;
    const window = Math.floor(Date.now() / 60_000);
    const key = verifier === null ? `rl:verify:ip:${clientIp ?? 'unknown'}:${window}` : `rl:verify:client:${verifier}:${window}`;
    // When the counter store is down the request goes on: the verdict path reads the register
    // itself and answers CANNOT_CONFIRM if that is down too, which tells the verifier more than a
    // bare 503 would.
    const count = await deps.counters.increment(key, 60).catch((e: unknown) => {
      if (isAppError(e, 'ERR_STORE_UNAVAILABLE')) return 0;
      throw e;
    });
    if (count > (verifier === null ? limits.publicPerMinute : limits.verifierPerMinute)) {
      res.set('Retry-After', String(60 - (Math.floor(Date.now() / 1000) % 60)));
      throw new AppError('ERR_RATE_LIMITED', 'verification rate limit reached');
    }
    // Without an answer about its legal basis a verifier system sees what everyone sees: the
    // failure discloses less, never more.
    const legalBasis = verifier === null || deps.legalBasisOf === undefined ? null : await deps.legalBasisOf(verifier).catch(() => null);
    return { clientIp, requestId, verifier, legalBasis };
  };

  const sendJson = sendOutcome;
  const sendPage = (req: Request, res: Response, out: VerificationOutcome, code = '') => {
    const o = pageOptions(req, res, () => '');
    setVerdictHeaders(res, out.verdict);
    res.status(verdictStatus(out.verdict)).type('html').send(verificationPage(o, out, code));
  };
  const sendErrorPage = (req: Request, res: Response, e: unknown, typed = '') => {
    const o = pageOptions(req, res, () => '');
    const { status, body } = toHttpError(e);
    const code = body.error.code;
    const m = verificationMessages(o.lang);
    res.set('Cache-Control', 'no-store');
    setBearerChallenge(res, e);
    res.status(status).type('html').send(verificationErrorPage(o, code, m.errors[code] ?? m.errors.other as string, typed));
  };
  const wantsJson = (req: Request) => req.accepts(['html', 'json']) === 'json';
  /** A token refused before the handler: a page for people, JSON for programs. */
  const refusedAsPage = (e: unknown, req: Request, res: Response, next: NextFunction) => {
    if (wantsJson(req)) next(e);
    else sendErrorPage(req, res, e);
  };

  r.get('/static/verification.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('css').send(css);
  });

  r.get('/static/verify-scan.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(scanScript);
  });
  r.get('/static/jsqr.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('js').send(jsqrScript);
  });

  // For checkpoints that verify offline: fetched on a schedule and handed to `yinxin verify --offline`.
  r.get('/.well-known/yinxin-trust-list.json', async (_req, res, next) => {
    try {
      if (deps.trustList === undefined) throw new AppError('ERR_NOT_FOUND', 'no trust list is published here');
      res.set('Cache-Control', 'public, max-age=300').json(await deps.trustList());
    } catch (e) {
      next(e);
    }
  });

  r.get('/v/:handle', bearer, refusedAsPage, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = await caller(req, res);
      const handle = handleParam.safeParse(req.params.handle);
      if (!handle.success) throw invalid(handle.error);
      const out = await verifyLicenceByHandle(deps.verification, { handle: handle.data }, ctx);
      if (wantsJson(req)) sendJson(res, out);
      else sendPage(req, res, out);
    } catch (e) {
      if (wantsJson(req)) next(e);
      else sendErrorPage(req, res, e);
    }
  });

  // A holder's share link (亮证): verifies the licence and shows only the fields the holder chose.
  r.get('/v/s/:token', bearer, refusedAsPage, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = await caller(req, res);
      const token = shareTokenParam.safeParse(req.params.token);
      if (!token.success) throw invalid(token.error);
      const out = await verifyLicenceByShare(deps.verification, { code: token.data }, ctx);
      if (wantsJson(req)) sendJson(res, out);
      else sendPage(req, res, out);
    } catch (e) {
      if (wantsJson(req)) next(e);
      else sendErrorPage(req, res, e);
    }
  });

  r.get('/verify', bearer, refusedAsPage, async (req: Request, res: Response) => {
    const q = req.query.q;
    if (q === undefined || q === '') {
      res.set('Cache-Control', 'no-store').type('html').send(verificationPage(pageOptions(req, res, () => ''), null));
      return;
    }
    const typed = typeof q === 'string' ? q.slice(0, 300) : '';
    try {
      const ctx = await caller(req, res);
      const code = typedCode.safeParse(q);
      if (!code.success) throw invalid(code.error);
      sendPage(req, res, await verifyTyped(deps.verification, readTypedCode(code.data), ctx), typed);
    } catch (e) {
      sendErrorPage(req, res, e, typed);
    }
  });

  // The page's upload answers with a page even when the body parser refuses the file.
  const rawForPage = (req: Request, res: Response, next: NextFunction) => raw(req, res, (err?: unknown) => {
    if (err === undefined) return next();
    const e = fromRequestReading(err, req);
    sendErrorPage(req, res, isAppError(e) ? e : new AppError('ERR_VALIDATION', 'upload refused', { cause: err }));
  });

  r.post('/verify', bearer, refusedAsPage, rawForPage, async (req: Request, res: Response) => {
    try {
      const ctx = await caller(req, res);
      const type = req.headers['content-type'] ?? '';
      if (!/^multipart\/form-data/i.test(type) || !Buffer.isBuffer(req.body)) throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'upload a file with the form');
      sendPage(req, res, await verifyUpload(deps.verification, multipartFile(req.body, type), ctx));
    } catch (e) {
      sendErrorPage(req, res, e);
    }
  });

  r.post('/api/verify', bearer, raw, async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = await caller(req, res);
      const type = (req.headers['content-type'] ?? '').toLowerCase();
      let out: VerificationOutcome;
      if (type.startsWith('application/json')) {
        const body = jsonBody.safeParse(req.body);
        if (!body.success) throw invalid(body.error);
        out = await verifyTyped(deps.verification, body.data, ctx);
      } else if (Buffer.isBuffer(req.body) && UPLOAD_TYPES.some((t) => type.startsWith(t))) {
        const file = type.startsWith('multipart/form-data') ? multipartFile(req.body, req.headers['content-type'] as string) : req.body;
        if (file.length === 0) throw new AppError('ERR_VALIDATION', 'empty file', { details: { issues: [{ path: ['file'], message: 'the file is empty' }] } });
        out = await verifyUpload(deps.verification, file, ctx);
      } else {
        throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'send JSON, or a PDF, OFD or SES file');
      }
      sendJson(res, out);
    } catch (e) {
      next(e);
    }
  });
  return r;
}

const tag = 'Verification';
const access = { scope: VERIFY_SCOPE, optional: true };
const verdicts: Record<number, ApiResponse> = {
  200: { description: 'The verdict', json: ref('VerificationOutcome') },
  404: { description: 'The verdict NOT_FOUND: no such licence', json: ref('VerificationOutcome') },
  503: { description: 'The verdict CANNOT_CONFIRM, with Retry-After: the register could not be read', json: ref('VerificationOutcome'), headers: { 'Retry-After': 'Seconds.' } },
};
const verifyErrors = ['ERR_FORBIDDEN', 'ERR_RATE_LIMITED'] as const;
const viaLink = 'The JSON answer of the link (send `Accept: application/json`; a browser gets the page). Anyone may ask; a verifier system\'s token with the `verify` scope gets a higher rate limit and, under a legal basis, every field in full.';

export const verificationOperations: ApiOperation[] = [
  {
    id: 'verify', method: 'post', path: '/api/verify', tag, access, summary: 'Verify a licence by its handle, identifier or share code, or a PDF, OFD or SES file',
    description: 'Anyone may ask (rate-limited per client IP); a verifier system\'s token with the `verify` scope gets a higher limit and, under a legal basis, every field in full. Every answer is a verdict: CANNOT_CONFIRM is 503, an unknown licence 404, so that neither is mistaken for success.',
    body: {
      json: jsonBody,
      media: {
        'application/pdf': 'A sealed PDF.', 'application/ofd': 'A sealed OFD package.', 'application/zip': 'An OFD package.', 'application/octet-stream': 'A PDF, OFD or SES_Signature file.',
        'multipart/form-data': 'A form with one file field holding any of these.',
      },
    },
    responses: verdicts, errors: [...verifyErrors, 'ERR_UNSUPPORTED_MEDIA_TYPE', 'ERR_PAYLOAD_TOO_LARGE', 'ERR_DOCUMENT_INVALID', 'ERR_OFD_INVALID', 'ERR_SES_INVALID', 'ERR_SES_NOT_A_LICENCE', 'ERR_FILE_KIND_UNKNOWN', 'ERR_DOCUMENT_TOO_COMPLEX', 'ERR_BUSY'],
  },
  { id: 'verifyByLink', method: 'get', path: '/v/:handle', tag, access, params: z.object({ handle: handleParam }), summary: 'Verify a licence by the link its QR code holds', description: viaLink, responses: verdicts, errors: [...verifyErrors, 'ERR_VALIDATION'] },
  { id: 'verifyByShareLink', method: 'get', path: '/v/s/:token', tag, access, params: z.object({ token: shareTokenParam }), summary: 'Verify a licence a holder shared (亮证), showing the fields they chose', description: viaLink, responses: verdicts, errors: [...verifyErrors, 'ERR_VALIDATION', 'ERR_LICENCE_SHARE_EXPIRED'] },
  {
    id: 'trustList', method: 'get', path: '/.well-known/yinxin-trust-list.json', tag, access: 'public', summary: 'The signed trust list for offline verification',
    description: 'Fetched on a schedule by checkpoints that verify offline (`yinxin verify --offline`).',
    responses: { 200: { description: 'The signed trust list', json: loose('The trust anchors, seal and licence status snapshots, and the platform\'s signature over them.') } },
    errors: ['ERR_NOT_FOUND'],
  },
];

export const verificationSchemas = {
  VerificationOutcome: {
    type: 'object', required: ['verdict', 'receipt'],
    description: 'The same answer as `POST /api/verify`: the verdict with one row per check, and the signed receipt for it (null when it could not be signed). Status 200 for a definite verdict, 404 when nothing verifiable was found (NOT_FOUND), 503 with Retry-After when it cannot be confirmed now (CANNOT_CONFIRM).',
    properties: { verdict: ref('Verdict'), receipt: { type: ['object', 'null'], description: 'payload (canonical JSON of the verdict), signature (SM2-SM3, base64), algorithm, signerId, keyId, certificateChain (base64 DER).' } },
  },
  Verdict: {
    type: 'object', required: ['result', 'colour', 'headline', 'checks', 'subject', 'successor', 'checkedAt', 'statusAsOf', 'retryAfterSeconds'],
    properties: {
      result: { type: 'string', enum: Object.keys(RESULT_MESSAGES), description: 'Follows from the checks alone: a definite defect outranks an open question, which outranks VALID.' },
      colour: { type: 'string', enum: ['green', 'amber', 'red'] }, headline: ref('Bilingual'),
      checks: { type: 'array', items: ref('VerdictCheck'), description: 'For each seal on the file (or the detached signature): integrity, signature and issuer; then licence status and validity (not applicable to a document that is not a registered licence).' },
      subject: {
        type: ['object', 'null'],
        properties: {
          kind: { type: 'string', enum: ['licence', 'document'] }, identifier: { type: 'string' }, documentSm3: { type: 'string', description: 'SM3 (hex) of the file, or of the data a detached signature protects.' },
          seals: { type: 'array', items: { type: 'object', properties: { name: { type: ['string', 'null'] }, code: { type: ['string', 'null'] }, signedAt: { type: ['string', 'null'], format: 'date-time' } } } },
        },
      },
      successor: { type: ['object', 'null'], properties: { identifier: { type: 'string' }, url: { type: 'string' } } },
      checkedAt: { type: 'string', format: 'date-time' }, statusAsOf: { type: ['string', 'null'], format: 'date-time' }, retryAfterSeconds: { type: ['integer', 'null'] },
    },
  },
  VerdictCheck: {
    type: 'object', required: ['check', 'outcome', 'code', 'message'],
    properties: {
      check: { type: 'string', enum: ['integrity', 'signature', 'issuer', 'licence-status', 'validity', 'share'] },
      outcome: { type: 'string', enum: ['passed', 'failed', 'indeterminate', 'not-applicable'] },
      code: { type: 'string', enum: [...CHECK_CODES], description: 'Stable; e.g. INTEGRITY_CHANGED_AFTER_SEALING, SIGNATURE_SEAL_REVOKED_AT_SIGNING, ISSUER_NOT_REGISTERED_SEAL.' },
      message: ref('Bilingual'),
      notes: {
        type: 'array', description: 'Present only when there is something to add that does not change the outcome, e.g. a certificate valid when the seal was used that has expired since.',
        items: { type: 'object', required: ['code', 'since', 'message'], properties: { code: { type: 'string', enum: ['SEAL_MAKER_CERT_EXPIRED_SINCE_SIGNING', 'SIGNER_CERT_EXPIRED_SINCE_SIGNING'] }, since: { type: 'string', format: 'date' }, message: ref('Bilingual') } },
      },
      files: { type: 'array', items: { type: 'string' }, description: 'Present on an integrity row that found content changed in an OFD file: the package paths of the protected files that no longer match their seal (or are missing); the message names them too.' },
    },
  },
  Bilingual: { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
};
