import { Router } from 'express';
import type { AuditHead } from '../../services/audit/read-audit-head.ts';
import { nullable, obj, str } from '../api-operation.ts';
import type { ApiOperation } from '../api-operation.ts';

/** `GET /api/audit/head`: the public head of the audit chain (no personal data). */
export function auditRoutes(readHead: () => Promise<AuditHead>): Router {
  const r = Router();
  r.get('/api/audit/head', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await readHead());
  });
  return r;
}

export const auditOperations: ApiOperation[] = [{
  id: 'readAuditHead', method: 'get', path: '/api/audit/head', tag: 'Audit', access: 'public', summary: 'The head of the audit chain (no personal data)',
  description: 'For witnesses outside the service: a head seen once must stay a prefix of the chain from then on.',
  responses: { 200: { description: 'The latest record\'s sequence number, hash and time (0, zeros and null before the first)', json: obj({ seq: { type: 'integer' }, hash: str('SM3, 64 hex digits.'), time: nullable('string') }) } },
}];
