// The licence desk's pages at /desk/licences, the licence issuers' (licence-desk.ts signs in and
// checks): find the department's licences, issue one from its template's form, upload a CSV file
// and follow its job, and one licence's page with its versions, history, who verified it, its
// files, status changes with a reason, and its change and renewal forms (a new version). Each runs the use case /api/licences runs, with the body
// checked by the same schema, so a page and the API accept and refuse alike.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import type { LicenceDefinition } from '../../domain/licence-template.ts';
import type { AppDeps } from '../../services/apps/app-registration.ts';
import { changeLicence } from '../../services/licences/change-licence.ts';
import { changeLicenceStatus } from '../../services/licences/change-licence-status.ts';
import { issueLicence } from '../../services/licences/issue-licence.ts';
import { licenceVersions } from '../../services/licences/licence-versions.ts';
import { listIssuedLicences } from '../../services/licences/list-issued-licences.ts';
import { checksOf } from '../../services/licences/list-licence-checks.ts';
import { readIssuedLicence, issuersLicence } from '../../services/licences/read-issued-licence.ts';
import { readLicenceImport } from '../../services/licences/read-licence-import.ts';
import type { ImportJob, ImportJobDeps } from '../../services/licences/start-licence-import.ts';
import { startLicenceImport } from '../../services/licences/start-licence-import.ts';
import { readLicenceOfd } from '../../services/licences/read-licence-ofd.ts';
import { readLicencePdf } from '../../services/licences/read-licence-pdf.ts';
import { importJobMessages } from '../views/import-job-i18n.ts';
import { jobSection } from '../views/import-job-view.ts';
import type { JobSummary } from '../views/import-job-view.ts';
import { frame } from '../views/admin-frame.ts';
import { esc } from '../views/html.ts';
import { changePage, DESK_ACTIONS, importPage, issuePage, licenceListPage, licenceRecordPage } from '../views/licence-desk-page.ts';
import { postedFile, readMultipart } from '../multipart-form.ts';
import { parse, pathId } from '../parse.ts';
import { DESK, licenceDeskConsole } from './licence-desk.ts';
import type { DeskView } from '../views/licence-desk-page.ts';
import { licenceBodies } from './licences.ts';
import { LICENCE_ID, licenceTokenReader, sendOfd, sendPdf } from './licences-support.ts';
import type { LicenceRoutesDeps } from './licences-support.ts';

export { LICENCE_DESK_CLIENT_ID, licenceDeskApp } from './licence-desk.ts';

const PAGE_SIZE = 20;
const js = readFileSync(new URL('../views/import-job.js', import.meta.url), 'utf8');

export interface LicenceDeskPageDeps extends LicenceRoutesDeps {
  apps: AppDeps;
  kv: ImportJobDeps['kv'];
}

const searchQuery = z.object({
  identifier: z.string().trim().max(128).optional(),
  holder: z.string().trim().regex(/^[0-9A-Za-z]{15,18}$/, 'a resident ID number or a unified social credit code').optional(),
  typeCode: z.string().regex(/^[0-9A-Z]{21}$/, 'a 21-character licence type code').optional(),
  status: z.enum(['valid', 'suspended', 'withdrawn', 'cancelled', 'expired', 'transferred', 'revoked', 'superseded']).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
const formKey = z.string().regex(/^[\x21-\x7e]{8,128}$/);

/** The licence import job as the page shows it. */
export function licenceJobSummary(job: ImportJob): JobSummary {
  return { id: job.id, state: job.state, total: job.total, processed: job.processed, ok: job.issued + job.replayed, failed: job.failed, failure: job.failure, errors: job.errors };
}

export function licenceDeskPageRoutes(deps: LicenceDeskPageDeps): Router {
  const r = Router();
  const desk = licenceDeskConsole({ apps: deps.apps, accounts: deps.identity.accounts, audit: deps.audit, kv: deps.kv, publicUrl: deps.config.publicUrl, readToken: licenceTokenReader(deps) });
  const L = deps.licences;
  const jobs = { licences: L, kv: deps.kv };
  const types = (): LicenceDefinition[] => L.templates.list().map((t) => t.definition).sort((a, b) => a.typeCode.localeCompare(b.typeCode));
  const id = (req: Request) => pathId(LICENCE_ID, req.params.id, 'licence');
  const queryOf = (req: Request) => Object.fromEntries(Object.entries(req.query).filter(([k, x]) => x !== '' && ['identifier', 'holder', 'typeCode', 'status', 'page'].includes(k)));

  const listView = async (v: DeskView, req: Request) => {
    let q: z.infer<typeof searchQuery> = { page: 1 };
    let found: Awaited<ReturnType<typeof listIssuedLicences>> = { licences: [], total: 0 };
    try {
      q = parse(searchQuery, queryOf(req));
      found = await listIssuedLicences(L, v.issuer.code, { ...q, limit: PAGE_SIZE, offset: (q.page - 1) * PAGE_SIZE });
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'ERR_VALIDATION') throw e;
      v.issues = (e.details?.issues as DeskView['issues']) ?? [];
      q = { ...(queryOf(req) as Record<string, string>), page: 1 };
    }
    return licenceListPage(v, types(), q, found, PAGE_SIZE);
  };

  const issueView = async (v: DeskView, req: Request) => {
    const b = (req.method === 'POST' ? req.body : {}) as Record<string, string>;
    const wanted = req.method === 'POST' ? b.typeCode : typeof req.query.type === 'string' ? req.query.type : undefined;
    const all = types();
    const chosen = all.find((t) => t.typeCode === wanted) ?? all[0] ?? null;
    const values = Object.fromEntries(Object.entries(b).filter(([k]) => k.startsWith('d_')).map(([k, x]) => [k.slice(2), x]));
    if (b.validFrom) values.validFrom = b.validFrom;
    const key = typeof b.key === 'string' && formKey.safeParse(b.key).success ? b.key : `form-${randomBytes(18).toString('base64url')}`;
    return issuePage(v, all, chosen, values, key);
  };

  const recordView = async (v: DeskView, req: Request) => {
    const licenceId = id(req);
    const details = await readIssuedLicence(L, v.issuer.code, licenceId);
    const record = await issuersLicence(L, v.issuer.code, licenceId);
    if (req.method === 'GET' && req.query.issued === '1' && !v.notice) v.notice = v.m.issued.replace('{identifier}', details.licence.identifier);
    if (req.method === 'GET' && req.query.changed === '1' && !v.notice) v.notice = v.m.newVersion.replace('{version}', String(details.licence.version)).replace('{identifier}', details.licence.identifier);
    const [versions, checks] = await Promise.all([licenceVersions(L, record), checksOf(L, record)]);
    return licenceRecordPage(v, { licence: details.licence, definition: L.templates.get(details.licence.typeCode)?.definition ?? null, data: details.data, history: details.history, versions, checks });
  };

  const changeView = (kind: 'change' | 'renew') => async (v: DeskView, req: Request) => {
    const details = await readIssuedLicence(L, v.issuer.code, id(req));
    const def = L.templates.get(details.licence.typeCode)?.definition ?? null;
    const b = (req.method === 'POST' ? req.body : {}) as Record<string, string>;
    // First the licence's content (a photo is not shown back in a file input), then what was posted.
    const values: Record<string, string> = {};
    for (const f of def?.fields ?? []) if (f.type !== 'image' && details.data[f.name] !== undefined) values[f.name] = String(details.data[f.name]);
    if (req.method === 'POST') {
      for (const [k, x] of Object.entries(b)) if (k.startsWith('d_')) values[k.slice(2)] = x;
      for (const k of ['validFrom', 'reason']) if (typeof b[k] === 'string') values[k] = b[k];
    }
    const key = typeof b.key === 'string' && formKey.safeParse(b.key).success ? b.key : `form-${randomBytes(18).toString('base64url')}`;
    return changePage({ ...v, o: { ...v.o, title: kind === 'change' ? v.m.changeLink : v.m.renewLink } }, kind, details.licence, def, values, key);
  };

  const importView = async (v: DeskView) => importPage(v, importJobMessages(v.o.lang), types());
  const jobView = async (v: DeskView, req: Request) => {
    const job = await readLicenceImport(jobs, v.issuer.code, String(req.params.job));
    const t = importJobMessages(v.o.lang);
    const issued = job.licences.slice(0, 200).map((l) => `<li>${l.line}: <a href="${DESK}/${esc(l.id)}"><code>${esc(l.identifier)}</code></a></li>`).join('');
    const extra = issued ? `<h3>${esc(t.issuedHeading)}</h3><ul id="job-licences">${issued}</ul>` : '';
    return frame({ ...v, o: { ...v.o, title: v.m.imports } }, `${jobSection(licenceJobSummary(job), t, `${DESK}/imports/${job.id}/progress`, extra)}<p><a href="${DESK}/imports">${esc(t.another)}</a></p>`);
  };

  r.get('/static/import-job.js', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('js').send(js);
  });
  r.get(`${DESK}/callback`, desk.callback);
  r.get(DESK, desk.show(listView));
  r.get(`${DESK}/new`, desk.show(issueView));
  r.post(`${DESK}/new`, desk.gate, readMultipart('4mb'), desk.act(issueView, async (req, actor) => {
    const b = req.body as Record<string, string>;
    const data: Record<string, string> = {};
    for (const [k, x] of Object.entries(b)) if (k.startsWith('d_') && x !== '') data[k.slice(2)] = x;
    const def = L.templates.get(String(b.typeCode))?.definition;
    // An image field's file travels as base64, as the API takes it.
    for (const f of def?.fields ?? []) {
      const file = f.type === 'image' ? postedFile(req, `d_${f.name}`) : undefined;
      if (file) data[f.name] = file.bytes.toString('base64');
    }
    const body = parse(licenceBodies.issue, { typeCode: b.typeCode, data, ...(b.validFrom ? { validFrom: b.validFrom } : {}) });
    const key = parse(formKey, b.key);
    const out = await issueLicence(L, { ...body, issuer: actor.issuer, idempotencyKey: key }, actor);
    return { redirect: `${DESK}/${out.licence.id}?issued=1` };
  }));
  r.get(`${DESK}/imports`, desk.show(importView));
  r.post(`${DESK}/imports`, desk.gate, readMultipart('50mb'), desk.act(importView, async (req, actor, v) => {
    const file = postedFile(req, 'file');
    if (!file) throw new AppError('ERR_VALIDATION', 'no file', { details: { issues: [{ path: ['file'], code: 'required', message: importJobMessages(v.o.lang).noFile }] } });
    const { job } = await startLicenceImport(jobs, { body: file.bytes.toString('utf8'), format: 'csv', issuer: actor.issuer }, actor);
    return { redirect: `${DESK}/imports/${job.id}` };
  }));
  r.get(`${DESK}/imports/:job`, desk.show(jobView));
  r.get(`${DESK}/imports/:job/progress`, desk.send(async (req, res, actor) => {
    const job = await readLicenceImport(jobs, actor.issuer.code, String(req.params.job));
    res.json({ job, summary: licenceJobSummary(job) });
  }));
  r.get(`${DESK}/:id`, desk.show(recordView));
  r.get(`${DESK}/:id/pdf`, desk.send(async (req, res, actor) => {
    sendPdf(res, await readLicencePdf(L, await issuersLicence(L, actor.issuer.code, id(req))));
  }));
  r.get(`${DESK}/:id/ofd`, desk.send(async (req, res, actor) => {
    sendOfd(res, await readLicenceOfd(L, await issuersLicence(L, actor.issuer.code, id(req))));
  }));
  for (const kind of ['change', 'renew'] as const) {
    r.get(`${DESK}/:id/${kind}`, desk.show(changeView(kind)));
    r.post(`${DESK}/:id/${kind}`, desk.gate, readMultipart('4mb'), desk.act(changeView(kind), async (req, actor) => {
      const details = await readIssuedLicence(L, actor.issuer.code, id(req));
      const b = req.body as Record<string, string>;
      let data: Record<string, unknown> | undefined = {};
      let edited = false;
      for (const [k, x] of Object.entries(b)) if (k.startsWith('d_') && x !== '') data[k.slice(2)] = x;
      // A photo: the one posted (as base64, as the API takes it), else the current one.
      for (const f of L.templates.get(details.licence.typeCode)?.definition.fields ?? []) {
        const file = f.type === 'image' ? postedFile(req, `d_${f.name}`) : undefined;
        if (file) data[f.name] = file.bytes.toString('base64');
        else if (f.type === 'image' && details.data[f.name] !== undefined) data[f.name] = details.data[f.name];
        if (file || (f.type !== 'image' && (data[f.name] ?? '') !== String(details.data[f.name] ?? ''))) edited = true;
      }
      // A renewal whose folded fields were left as they are keeps the content as the API does.
      if (kind === 'renew' && !edited) data = undefined;
      const body = parse(licenceBodies.change, { ...(data ? { data } : {}), ...(b.validFrom ? { validFrom: b.validFrom } : {}), ...(b.reason ? { reason: b.reason } : {}) });
      const key = parse(formKey, b.key);
      const out = await changeLicence(L, { licenceId: details.licence.id, kind, idempotencyKey: key, ...body }, actor);
      return { redirect: `${DESK}/${out.licence.id}?changed=1` };
    }));
  }
  for (const action of DESK_ACTIONS) {
    r.post(`${DESK}/:id/${action}`, desk.act(recordView, async (req, actor, v) => {
      const licence = await issuersLicence(L, actor.issuer.code, id(req));
      const body = parse(licenceBodies.status, { reason: (req.body as Record<string, unknown>).reason });
      const out = await changeLicenceStatus(L, { licenceId: licence.id, action, reason: body.reason }, actor);
      return { notice: v.m.changed.replace('{from}', v.m.statuses[out.from] ?? out.from).replace('{to}', v.m.statuses[out.to] ?? out.to) };
    }));
  }
  return r;
}
