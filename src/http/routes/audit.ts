import { Router } from 'express';
import type { AuditHead } from '../../services/audit/read-audit-head.ts';

/** `GET /api/audit/head`: the public head of the audit chain (no personal data). */
export function auditRoutes(readHead: () => Promise<AuditHead>): Router {
  const r = Router();
  r.get('/api/audit/head', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await readHead());
  });
  return r;
}
