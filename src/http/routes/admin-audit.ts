// `/api/admin/audit/*`: the audit search for auditors. Every request carries a yinxin access token
// for the API with the `admin` scope, from a staff member with the audit role whose sign-in
// included a one-time password (authorize-auditor.ts). Queries are checked by zod; searches,
// exports and verifications are each recorded in the audit log before they answer.
import { Router } from 'express';
import type { Request, RequestHandler, Response } from 'express';
import { ADMIN_SCOPE } from '../../services/apps/authorize-app-admin.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import type { AuditorDeps } from '../../services/audit/auditor-deps.ts';
import { readAuditStatus } from '../../services/audit/audit-status.ts';
import { authorizeAuditor } from '../../services/audit/authorize-auditor.ts';
import type { Auditor } from '../../services/audit/authorize-auditor.ts';
import { startAuditExport } from '../../services/audit/export-audit.ts';
import { searchAudit } from '../../services/audit/search-audit.ts';
import { verifyAuditNow } from '../../services/audit/verify-audit-now.ts';
import { callerOf, requireCaller } from '../middleware/require-caller.ts';
import { arr, bool, nullable, obj, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';
import { parse } from '../parse.ts';
import { requestContext } from '../request-context.ts';
import { auditQueryOf, auditSchemas } from './admin-audit-schemas.ts';
import { sendAuditExport } from './audit-export-stream.ts';

export interface AdminAuditDeps extends AuditorDeps {
  readToken(token: string): Promise<ApiCaller | null>;
}

type Handler = (req: Request, res: Response, who: Auditor) => Promise<void>;

export function adminAuditRoutes(deps: AdminAuditDeps): Router {
  const r = Router();
  const caller = requireCaller(ADMIN_SCOPE, deps.readToken);
  const search = { search: deps.auditStore, audit: deps.audit };
  const verify = { verify: deps.verifyAudit, audit: deps.audit };
  const auditor = (handler: Handler): RequestHandler[] => [caller, async (req, res, next) => {
    try {
      await handler(req, res, await authorizeAuditor(deps, callerOf<ApiCaller>(res), requestContext(req)));
    } catch (e) {
      next(e);
    }
  }];

  r.get('/api/admin/audit/records', auditor(async (req, res, who) => {
    const q = parse(auditSchemas.search, req.query);
    res.json(await searchAudit(search, who, auditQueryOf(q), q.cursor ?? null, q.limit));
  }));
  r.get('/api/admin/audit/export', auditor(async (req, res, who) => {
    const q = parse(auditSchemas.export, req.query);
    await sendAuditExport(res, q.format, await startAuditExport(search, who, auditQueryOf(q), q.format), deps.clock.now());
  }));
  r.get('/api/admin/audit/status', auditor(async (_req, res) => {
    res.json(await readAuditStatus({ store: deps.auditStore, clock: deps.clock, intervalS: deps.checkpointIntervalS }));
  }));
  r.post('/api/admin/audit/verify', auditor(async (_req, res, who) => {
    res.json(await verifyAuditNow(verify, who));
  }));
  return r;
}

const tag = 'Audit';
const access = { scope: ADMIN_SCOPE };
const errors = ['ERR_FORBIDDEN' as const];
const record = obj({
  seq: { type: 'integer' }, time: str('ISO 8601, UTC, as hashed'), actorId: nullable('string'), actorKind: str(), action: str(), object: nullable('string'),
  outcome: str('success, failure or denied'), clientIp: nullable('string'), requestId: nullable('string'), details: str('Canonical JSON of the masked details, as hashed'),
  prevHash: str('SM3, 64 hex digits'), hash: str('SM3, 64 hex digits'),
});
const finding = obj({ seq: { type: 'integer' }, checkpoint: { type: 'integer' }, reason: str(), message: str() }, ['checkpoint']);
const orNull = (schema: Record<string, unknown>) => ({ oneOf: [schema, { type: 'null' }] });

export const adminAuditOperations: ApiOperation[] = [
  {
    id: 'searchAuditRecords', method: 'get', path: '/api/admin/audit/records', tag, access, query: auditSchemas.search,
    summary: 'Search the audit log (auditors)',
    description: 'Newest first. Every filter given must match; `action` and `events` give event types of which any may match. A page ends with `next`, the cursor of the following page (keyset paging: records appended meanwhile never shift a page). Each search is itself recorded (`audit.search`).',
    responses: { 200: { description: 'One page of records and the cursor of the next', json: obj({ records: arr(record), next: nullable('string') }) } }, errors,
  },
  {
    id: 'exportAuditRecords', method: 'get', path: '/api/admin/audit/export', tag, access, query: auditSchemas.export,
    summary: 'Export every matching audit record (auditors)',
    description: 'Streamed as it is read, newest first: CSV (cells that could start a spreadsheet formula begin with an apostrophe) or JSON lines with the fields exactly as hashed. Each export is itself recorded (`audit.export`) before its first byte.',
    responses: { 200: { description: 'The records, one per line', media: 'text/csv', headers: { 'Content-Disposition': 'attachment; filename="audit-….csv" or ".jsonl"' } } }, errors,
  },
  {
    id: 'readAuditStatus', method: 'get', path: '/api/admin/audit/status', tag, access,
    summary: 'The audit chain and checkpoint status (auditors)',
    description: 'The head, the latest signed checkpoint, how many records it leaves uncovered and whether one is overdue, the checkpoint chain in the database, and the records after the latest checkpoint verified one by one.',
    responses: { 200: { description: 'The status', json: obj({
      head: obj({ seq: { type: 'integer' }, hash: str(), time: nullable('string') }),
      checkpoint: orNull(obj({ index: nullable('integer'), seq: { type: 'integer' }, signedAt: str(), keyId: str() })),
      uncovered: { type: 'integer' }, overdue: bool,
      checkpointChain: obj({ total: { type: 'integer' }, firstBroken: orNull(finding) }),
      tail: obj({ verified: { type: 'integer' }, complete: bool, firstBroken: orNull(finding) }),
    }) } }, errors,
  },
  {
    id: 'verifyAuditNow', method: 'post', path: '/api/admin/audit/verify', tag, access,
    summary: 'Verify the whole audit log now (auditors)',
    description: 'What `yinxin audit verify` does: every record, every checkpoint\'s signature against the pinned root, the witness file. Long on a large log; one runs at a time per process. Recorded (`audit.verify`) with its outcome.',
    responses: { 200: { description: 'The report: ok, records verified, every finding', json: obj({ ok: bool, verified: { type: 'integer' }, findings: arr(finding) }) } }, errors,
  },
];
