// The security headers worked out once are exactly those helmet sets per request.
import express from 'express';
import helmet from 'helmet';
import { describe, expect, it } from 'vitest';
import { securityHeaders } from '../../src/http/middleware/security-headers.ts';

const options = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"] } },
  crossOriginEmbedderPolicy: false,
};

async function headersOf(middleware: express.RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => { res.send('ok'); });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const { port } = server.address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/`);
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => { if (!['date', 'etag', 'content-length', 'keep-alive', 'connection'].includes(k)) out[k] = v; });
    return out;
  } finally {
    server.close();
  }
}

describe('security headers', () => {
  it('match helmet header for header', async () => {
    const fixed = await headersOf(securityHeaders(options));
    expect(fixed).toEqual(await headersOf(helmet(options)));
    expect(fixed['content-security-policy']).toContain("form-action 'self'");
    expect(fixed).toHaveProperty('strict-transport-security');
    expect(fixed).not.toHaveProperty('x-powered-by');
  });
});
