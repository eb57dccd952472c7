import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCrl } from '../../src/crypto/x509/parse-crl.ts';
import { startTestService } from '../support/service.ts';
import type { TestService } from '../support/service.ts';

interface ErrorBody { error: { code: string; message: string } }
interface Head { seq: number; hash: string }

describe('HTTP shell on embedded defaults', () => {
  let svc: TestService;
  beforeAll(async () => { svc = await startTestService({ BODY_LIMIT: '1kb' }); });
  afterAll(async () => svc.stop());

  it('answers /healthz and /readyz with every check up', async () => {
    expect(await (await fetch(`${svc.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const res = await fetch(`${svc.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', checks: { database: 'up', kv: 'up' } });
  });

  it('sets strict security headers and a request id', async () => {
    const res = await fetch(`${svc.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'gw-123' } });
    expect(echoed.headers.get('x-request-id')).toBe('gw-123');
    const unsafe = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(unsafe.headers.get('x-request-id')).not.toContain('script');
  });

  it('answers unknown routes with a coded error and no internals', async () => {
    const res = await fetch(`${svc.url}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'ERR_NOT_FOUND', message: 'Not found.' } });
  });

  it('limits body size and rejects malformed JSON with codes', async () => {
    const big = await fetch(`${svc.url}/api/audit/head`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ x: 'a'.repeat(5000) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorBody).error.code).toBe('ERR_PAYLOAD_TOO_LARGE');
    const bad = await fetch(`${svc.url}/api/audit/head`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorBody;
    expect(body.error.code).toBe('ERR_VALIDATION');
    expect(JSON.stringify(body)).not.toMatch(/stack|SyntaxError|node_modules/);
  });

  it('publishes the audit chain head', async () => {
    const res = await fetch(`${svc.url}/api/audit/head`);
    expect(res.status).toBe(200);
    const head = (await res.json()) as Head;
    expect(head.seq).toBeGreaterThanOrEqual(0);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('publishes the platform root and a current seal-maker CRL', async () => {
    const root = await fetch(`${svc.url}/pki/root.crt`);
    expect(root.headers.get('content-type')).toBe('application/pkix-cert');
    const pinned = readFileSync(join(svc.dataDir, 'keys', 'platform-root-ca.pem'), 'utf8');
    expect(pinned).toContain(Buffer.from(await root.arrayBuffer()).toString('base64').slice(0, 64));
    const res = await fetch(`${svc.url}/pki/crl/seal-maker-ca.crl`);
    expect(res.status).toBe(200);
    const crl = parseCrl(new Uint8Array(await res.arrayBuffer()));
    expect(crl.issuer.text).toContain('Seal Maker CA');
    expect(crl.nextUpdate!.getTime()).toBeGreaterThan(Date.now());
  });

  it('exposes Prometheus metrics', async () => {
    await fetch(`${svc.url}/nope`);
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    expect(text).toContain('yinxin_http_request_duration_seconds_bucket');
    expect(text).toMatch(/yinxin_http_errors_total\{code="ERR_NOT_FOUND"\} \d+/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
