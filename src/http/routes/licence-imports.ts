// `/api/licences/imports`: batch issuance as a job. POST a JSON-lines body (one
// {key, typeCode, data, validFrom?} per line) or a CSV body (text/csv; a header row naming key,
// typeCode, validFrom and the template's fields) → 202 with the job and its Location; the lines are
// issued in the background, each through the same issuance use case, under the caller's
// department; GET the job for progress, per-line errors with codes, and the licences issued.
// The same staff authorisation as /api/licences.
import express, { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { authorizeLicenceIssuer, LICENCE_STAFF_SCOPE } from '../../services/licences/authorize-licence-issuer.ts';
import type { LicenceIssuerActor } from '../../services/licences/authorize-licence-issuer.ts';
import { readLicenceImport } from '../../services/licences/read-licence-import.ts';
import { startLicenceImport } from '../../services/licences/start-licence-import.ts';
import type { ImportJobDeps } from '../../services/licences/start-licence-import.ts';
import { requestContext } from '../request-context.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import { licenceTokenReader } from './licences-support.ts';
import type { LicenceRoutesDeps } from './licences-support.ts';
import { parse } from '../parse.ts';
import { loose, obj } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

const LINES_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/jsonlines', 'text/plain'];
const CSV_TYPES = ['text/csv'];
const lines = z.string({ error: 'a JSON-lines (application/x-ndjson) or CSV (text/csv) body is required' }).min(1, 'a non-empty body is required');

type Handler = (req: Request, res: Response, actor: LicenceIssuerActor) => Promise<void>;

export function licenceImportRoutes(deps: LicenceRoutesDeps & Pick<ImportJobDeps, 'kv'>, opts: { limit?: string } = {}): Router {
  const r = Router();
  const caller = requireCaller(LICENCE_STAFF_SCOPE, licenceTokenReader(deps));
  const staff = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      const actor = await authorizeLicenceIssuer({ accounts: deps.identity.accounts, audit: deps.audit }, callerOf<ApiCaller>(res), requestContext(req));
      await handler(req, res, actor);
    } catch (e) {
      next(e);
    }
  }];
  const jobs = { licences: deps.licences, kv: deps.kv };
  const text = express.text({ type: [...LINES_TYPES, ...CSV_TYPES], limit: opts.limit ?? '50mb' });
  /** The body, read only once the caller is known to be an issuer: a stranger's upload is never read or inflated. */
  const readText = (req: Request, res: Response) => new Promise<unknown>((resolve, reject) => {
    text(req, res, (err?: unknown) => (err ? reject(err) : resolve(req.body)));
  });

  r.post('/api/licences/imports', staff(async (req, res, actor) => {
    const raw = await readText(req, res);
    const body = parse(lines, typeof raw === 'string' ? raw : undefined);
    const format = req.is(CSV_TYPES) ? 'csv' : 'jsonl';
    const { job } = await startLicenceImport(jobs, { body, format, issuer: actor.issuer }, actor);
    res.status(202).location(`/api/licences/imports/${job.id}`).json({ job });
  }));
  r.get('/api/licences/imports/:id', staff(async (req, res, actor) => {
    res.json({ job: await readLicenceImport(jobs, actor.issuer.code, String(req.params.id)) });
  }));
  return r;
}

const job = { description: 'The job: status, progress, per-line errors with codes and the licences issued', json: obj({ job: loose('An import job: id, status, counts, per-line errors with codes, the licences issued.') }) };

export const licenceImportOperations: ApiOperation[] = [
  {
    id: 'importLicences', method: 'post', path: '/api/licences/imports', tag: 'Licences', access: { scope: LICENCE_STAFF_SCOPE }, summary: 'Issue licences in a batch, as a job',
    body: { media: { ...Object.fromEntries(LINES_TYPES.map((t) => [t, 'JSON lines: one {key, typeCode, data, validFrom?} a line.'])), 'text/csv': 'CSV: a header row naming key, typeCode, validFrom and the template\'s fields.' } },
    responses: { 202: { ...job, headers: { Location: 'The job.' } } },
    errors: ['ERR_FORBIDDEN', 'ERR_VALIDATION', 'ERR_PAYLOAD_TOO_LARGE', 'ERR_UNSUPPORTED_MEDIA_TYPE'],
  },
  { id: 'readLicenceImport', method: 'get', path: '/api/licences/imports/:id', tag: 'Licences', access: { scope: LICENCE_STAFF_SCOPE }, params: z.object({ id: z.string() }), summary: 'A batch issuance job', responses: { 200: job }, errors: ['ERR_FORBIDDEN'] },
];
