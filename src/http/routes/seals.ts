// `/api/seals`: the seal registry, grants, stamping and verification for staff apps.
// Every request carries a yinxin access token for the API with the `seals` scope, issued to a
// person (seals-caller.ts); the use cases decide what that person may do. Inputs are checked by
// zod (seals-schemas.ts) before any use case runs. PDFs travel as raw `application/pdf` bodies
// (and documents to stamp also as `application/ofd`), read only after the token is accepted and
// never beyond the configured size. Stamping takes the
// session's assurance from the sign-in behind the token; when it is too weak or too old the answer
// is 401 with an RFC 9470 challenge, so the app can send the clerk back to sign in more strongly.
// A security administrator (the `seals` duty) is answered so too when their sign-in's one-time
// password is older than ADMIN_OTP_MAX_AGE_S, as on every administrative duty.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import type Provider from 'oidc-provider';
import { AppError } from '../../domain/errors.ts';
import { sharedRawBody } from '../middleware/shared-body.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { requireAdminOtpRecency } from '../../services/seals/admin-otp-recency.ts';
import type { AdminRecencyDeps } from '../../services/seals/admin-otp-recency.ts';
import type { SealActor } from '../../services/seals/seal-deps.ts';
import type { SealService } from '../../services/seals/seal-service.ts';
import type { VerificationContext, VerificationDeps } from '../../services/verification/verification-deps.ts';
import { verifyPdfUpload } from '../../services/verification/verify-licence-pdf.ts';
import { verifySignedData } from '../../services/verification/verify-signed-data.ts';
import { requestContext } from '../request-context.ts';
import { SEALS_SCOPE, readSealCaller } from './seals-caller.ts';
import type { SealCaller } from './seals-caller.ts';
import { applyBody, grantBody, grantIdParam, reasonBody, revokeBody, sealIdParam, signHashBody, signQuery, stampQuery, verifySignatureBody } from './seals-schemas.ts';
import { eventView, grantView, sealView } from './seals-view.ts';
import { sendOutcome } from './verdict-response.ts';
import { parse, pathId } from '../parse.ts';

export interface SealRoutesDeps {
  seals: SealService;
  /** The verification use cases, shared with `/api/verify`. */
  verification: VerificationDeps;
  clock: { now(): Date };
  config: { publicUrl: string; adminOtpMaxAgeS?: number };
  /** Who holds the security administrator's role, and where its refusals are recorded. */
  identity: Pick<AdminRecencyDeps, 'accounts' | 'audit'>;
  oidcProvider(): Promise<Provider>;
}

type Handler = (req: Request, res: Response, caller: SealCaller, actor: SealActor) => Promise<void>;

export function sealRoutes(deps: SealRoutesDeps): Router {
  const r = Router();
  const { maxPdfBytes } = deps.seals.limits;
  const pdfBody = sharedRawBody({ type: 'application/pdf', limit: maxPdfBytes });
  const documentBody = sharedRawBody({ type: ['application/pdf', 'application/ofd'], limit: maxPdfBytes });
  const octetBody = sharedRawBody({ type: 'application/octet-stream', limit: maxPdfBytes });
  const apiResource = `${deps.config.publicUrl}/api`;

  const caller = requireCaller(SEALS_SCOPE, async (token) => readSealCaller(await deps.oidcProvider(), apiResource, token));
  const api = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      const c = callerOf<SealCaller>(res) as SealCaller;
      if (!c.scopes.includes(SEALS_SCOPE)) throw new AppError('ERR_FORBIDDEN', 'the token lacks the seals scope', { details: { reason: 'insufficient_scope' } });
      const ctx = requestContext(req);
      await requireAdminOtpRecency({ ...deps.identity, clock: deps.clock, adminOtpMaxAgeS: deps.config.adminOtpMaxAgeS }, c.accountId, c.session, ctx);
      await handler(req, res, c, { accountId: c.accountId, ...ctx });
    } catch (e) {
      next(e);
    }
  }];

  /** The PDF body, read now (after the token was accepted), at most maxPdfBytes. */
  const readPdf = async (req: Request, res: Response): Promise<Uint8Array> => {
    if (!req.is('application/pdf')) throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'send the PDF as application/pdf');
    await new Promise<void>((resolve, reject) => pdfBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('ERR_DOCUMENT_INVALID', 'the body is empty');
    return new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length);
  };
  /** A document to stamp, PDF or OFD (the use case tells them apart by their bytes). */
  const readDocument = async (req: Request, res: Response): Promise<Uint8Array> => {
    if (!req.is(['application/pdf', 'application/ofd'])) throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'send the document as application/pdf or application/ofd');
    await new Promise<void>((resolve, reject) => documentBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('ERR_DOCUMENT_INVALID', 'the body is empty');
    return new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length);
  };
  /** Raw bytes to sign detached, read after the token was accepted, at most maxPdfBytes. */
  const readOctets = async (req: Request, res: Response): Promise<Uint8Array> => {
    await new Promise<void>((resolve, reject) => octetBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('ERR_VALIDATION', 'the body is empty');
    return new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length);
  };
  const sealId = (req: Request) => pathId(sealIdParam, req.params.id, 'seal');
  const now = () => deps.clock.now();

  r.get('/api/seals', api(async (_req, res, _caller, actor) => {
    const listed = await deps.seals.list(actor);
    res.json({ seals: listed.map((l) => sealView(l.seal, now(), { granted: l.granted })) });
  }));
  r.post('/api/seals', api(async (req, res, _caller, actor) => {
    const body = parse(applyBody, req.body);
    const seal = await deps.seals.apply({ ...body, image: body.image === undefined ? null : Buffer.from(body.image, 'base64') }, actor);
    res.status(201).location(`/api/seals/${seal.id}`).json({ seal: sealView(seal, now(), { granted: false }) });
  }));
  // Verification answers as `/api/verify` does: one verdict with its check rows, recorded and signed.
  const verifier = (caller: SealCaller, actor: SealActor): VerificationContext => ({ clientIp: actor.clientIp ?? null, requestId: actor.requestId ?? null, verifier: caller.clientId });
  r.post('/api/seals/verify', api(async (req, res, caller, actor) => {
    sendOutcome(res, await verifyPdfUpload(deps.verification, await readPdf(req, res), verifier(caller, actor)));
  }));
  r.post('/api/seals/verify-signature', api(async (req, res, caller, actor) => {
    const body = parse(verifySignatureBody, req.body);
    sendOutcome(res, await verifySignedData(deps.verification, {
      signature: Buffer.from(body.signature, 'base64'),
      ...(body.sm3 === undefined ? { data: Buffer.from(body.data ?? '', 'base64') } : { sm3: Buffer.from(body.sm3, 'hex') }),
    }, verifier(caller, actor)));
  }));
  r.get('/api/seals/:id', api(async (req, res, _caller, actor) => {
    const d = await deps.seals.read({ sealId: sealId(req) }, actor);
    const t = now();
    res.json({ seal: sealView(d.seal, t, { granted: d.granted }), events: d.events.map(eventView), grants: d.grants?.map((g) => grantView(g, t)) ?? null });
  }));
  r.get('/api/seals/:id/image', api(async (req, res, _caller, actor) => {
    const { seal } = await deps.seals.read({ sealId: sealId(req) }, actor);
    if (seal.image === null) throw new AppError('ERR_NOT_FOUND', 'the seal has no image yet');
    res.type('image/png').send(Buffer.from(seal.image));
  }));
  r.get('/api/seals/:id/uses', api(async (req, res, _caller, actor) => {
    const uses = await deps.seals.uses({ sealId: sealId(req) }, actor);
    res.json({ uses: uses.map((u) => ({ id: u.id, accountId: u.accountId, at: u.at, documentSm3: u.documentSm3, reason: u.reason })) });
  }));
  r.post('/api/seals/:id/approve', api(async (req, res, _caller, actor) => {
    const { reason } = parse(reasonBody, req.body);
    res.json({ seal: sealView(await deps.seals.approve({ sealId: sealId(req), reason }, actor), now(), { granted: false }) });
  }));
  for (const action of ['suspend', 'resume'] as const) {
    r.post(`/api/seals/:id/${action}`, api(async (req, res, _caller, actor) => {
      const { reason } = parse(reasonBody, req.body);
      const done = await deps.seals[action]({ sealId: sealId(req), reason }, actor);
      res.json({ seal: sealView(done.seal, now(), { granted: false }), crlIssued: done.crlIssued });
    }));
  }
  r.post('/api/seals/:id/revoke', api(async (req, res, _caller, actor) => {
    const body = parse(revokeBody, req.body);
    const done = await deps.seals.revoke({ sealId: sealId(req), ...body }, actor);
    res.json({ seal: sealView(done.seal, now(), { granted: false }), crlIssued: done.crlIssued });
  }));
  r.post('/api/seals/:id/grants', api(async (req, res, _caller, actor) => {
    const body = parse(grantBody, req.body);
    const grant = await deps.seals.grant({ sealId: sealId(req), accountId: body.accountId, expiresAt: body.expiresAt ? new Date(body.expiresAt) : null }, actor);
    res.status(201).json({ grant: grantView(grant, now()) });
  }));
  r.delete('/api/seals/:id/grants/:grantId', api(async (req, res, _caller, actor) => {
    const grantId = pathId(grantIdParam, req.params.grantId, 'grant');
    const d = await deps.seals.read({ sealId: sealId(req) }, actor);
    // Only the seal's administrator sees its grants; a grant of another seal is not this one's.
    if (d.grants === null) throw new AppError('ERR_FORBIDDEN', "only the seal's administrator may end a grant");
    if (!d.grants.some((g) => g.id === grantId)) throw new AppError('ERR_NOT_FOUND', 'no such grant of this seal');
    res.json(await deps.seals.endGrant({ grantId }, actor));
  }));
  r.post('/api/seals/:id/stamp', api(async (req, res, caller, actor) => {
    const id = sealId(req);
    const q = parse(stampQuery, req.query);
    const pdf = await readDocument(req, res);
    const session = caller.session ?? { acr: null, amr: [], authTime: Number.NaN };
    const { pdf: sealed, kind, use } = await deps.seals.stamp({
      sealId: id, pdf, reason: q.reason, session,
      at: q.crossPage !== undefined ? { crossPage: { y: q.y! } }
        : q.keyword === undefined ? { page: q.page!, x: q.x!, y: q.y! } : { keyword: q.keyword, ...(q.page === undefined ? {} : { page: q.page }) },
      ...(q.location === undefined ? {} : { location: q.location }), ...(q.container === undefined ? {} : { container: q.container }),
    }, actor);
    res.type(`application/${kind}`).set({ 'Content-Disposition': `attachment; filename="sealed.${kind}"`, 'X-Seal-Use-Id': use.id, 'X-Document-SM3': use.documentSm3 }).send(sealed);
  }));
  r.post('/api/seals/:id/sign', api(async (req, res, caller, actor) => {
    const id = sealId(req);
    const session = caller.session ?? { acr: null, amr: [], authTime: Number.NaN };
    let input;
    if (req.is('application/octet-stream')) {
      const q = parse(signQuery, req.query);
      input = { data: await readOctets(req, res), reason: q.reason, ...(q.propertyInfo === undefined ? {} : { propertyInfo: q.propertyInfo }) };
    } else if (req.is('application/json')) {
      const b = parse(signHashBody, req.body);
      input = { sm3: Buffer.from(b.sm3, 'hex'), reason: b.reason, ...(b.propertyInfo === undefined ? {} : { propertyInfo: b.propertyInfo }) };
    } else {
      throw new AppError('ERR_UNSUPPORTED_MEDIA_TYPE', 'send the bytes as application/octet-stream or their SM3 as application/json');
    }
    const out = await deps.seals.signDetached({ sealId: id, ...input, session }, actor);
    res.json({ signature: Buffer.from(out.signature).toString('base64'), dataHash: Buffer.from(out.dataHash).toString('hex'), useId: out.use.id, signingTime: out.use.at });
  }));
  return r;
}
