// Who sent a request, as the audit log records it: the client address (behind a trusted proxy,
// the one it names) and the request id the proxy or client gave.
import type { Request } from 'express';

export function requestContext(req: Request): { clientIp: string | null; requestId: string | null } {
  const id = req.headers['x-request-id'];
  return { clientIp: req.ip ?? null, requestId: typeof id === 'string' ? id : null };
}
