// The verification endpoints over HTTP: the QR link as a page and as JSON, the API with JSON and
// uploaded files, the page's typed-code and upload forms, rate limits, verifier tokens, and bad
// input that always gets a code and a 4xx.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKvStore } from '../../src/adapters/kv/memory-kv-store.ts';
import { createApp } from '../../src/http/app.ts';
import { verificationRoutes } from '../../src/http/routes/verification.ts';
import type { VerificationRouteDeps } from '../../src/http/routes/verification.ts';
import { staticRoutes } from '../../src/http/routes/static.ts';
import type { Verdict } from '../../src/domain/verdict.ts';
import type { VerificationReceipt } from '../../src/domain/verification-receipt.ts';
import type { LicenceRecord } from '../../src/domain/licence.ts';
import { changeLicenceStatus } from '../../src/services/licences/change-licence-status.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import { makePdf } from '../pdf/fixtures.ts';
import { writeZip } from '../crypto/ofd/zip-writer.ts';
import { makeKit } from '../crypto/ses/seal-kit.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { STAFF, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';

/** What the endpoints answer: a verdict with its receipt, or an error. */
interface Answer { verdict: Verdict; receipt: VerificationReceipt | null; error: { code: string } }
const read = async (r: Response): Promise<Answer> => (await r.json()) as Answer;

const VERIFIER_TOKEN = 'verifier-token-0123456789abcdef';
const NO_SCOPE_TOKEN = 'other-token-0123456789abcdefabc';

async function serve(v: VerificationWorld, limits: VerificationRouteDeps['limits']): Promise<{ url: string; close: () => Promise<void> }> {
  const app = createApp({
    logger: pino({ level: 'silent' }), bodyLimit: '1mb', trustProxy: false, readiness: [], isStopping: () => false,
    routers: [staticRoutes(), verificationRoutes({
      verification: v.deps, counters: new MemoryKvStore(), limits, maxUpload: '2mb',
      readToken: async (t) => (t === VERIFIER_TOKEN ? { clientId: 'market-inspection', accountId: null, scopes: ['verify'], sessionAmr: null }
        : t === NO_SCOPE_TOKEN ? { clientId: 'other-app', accountId: null, scopes: ['seals'], sessionAmr: null } : null),
    })],
  });
  const server: Server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe('verification over HTTP', () => {
  let v: VerificationWorld;
  let svc: { url: string; close: () => Promise<void> };
  let licence: LicenceRecord;
  let pdf: Uint8Array;
  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    svc = await serve(v, { publicPerMinute: 1000, verifierPerMinute: 1000 });
    licence = await v.issueProof({ statement: '经查询，未发现其有犯罪记录。' });
    pdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).pdf)))!.bytes;
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await v?.cleanup();
  });

  const json = (path: string, init: RequestInit = {}) => fetch(`${svc.url}${path}`, { ...init, headers: { accept: 'application/json', ...init.headers } });
  const post = (body: unknown, type = 'application/json', headers: Record<string, string> = {}) =>
    fetch(`${svc.url}/api/verify`, { method: 'POST', headers: { 'content-type': type, ...headers }, body: type === 'application/json' ? JSON.stringify(body) : body as Uint8Array });

  it('GET /v/:handle is a page for people: large verdict, checks, masked holder; English and large text on request', async () => {
    const res = await fetch(`${svc.url}/v/${licence.handle}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('data-result="VALID"');
    expect(html).toContain('verdict-green');
    expect(html).toContain('电子签章有效。');
    expect(html).toContain('张*三');
    expect(html).not.toContain('张某三');
    // Scripts only from files on this origin: nothing inline.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc="\/static\/)|style=/);
    const en = await (await fetch(`${svc.url}/v/${licence.handle.toLowerCase()}?lang=en&large=1`)).text();
    expect(en).toContain('>Valid<');
    expect(en).toContain('The electronic seal signature is valid.');
    expect(en).toContain('<body class="large">');
    const css = await fetch(`${svc.url}/static/verification.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toContain('.verdict-green');
  });

  it('GET /v/:handle answers JSON for Accept: application/json, with the verdict and a receipt', async () => {
    const res = await json(`/v/${licence.handle.toLowerCase()}`);
    expect(res.status).toBe(200);
    const body = await read(res);
    expect(body.verdict).toMatchObject({ result: 'VALID', subject: { identifier: licence.identifier, holder: { name: '张*三' } } });
    expect(body.receipt).toMatchObject({ algorithm: 'SM2-SM3', keyId: 'verification-receipt#1' });
  });

  it('unknown and malformed handles: NOT_FOUND (404) and ERR_VALIDATION (400), as JSON and as a page', async () => {
    const unknown = await json('/v/ZZZZZZZZZZZZZZZZ');
    expect(unknown.status).toBe(404);
    expect((await read(unknown)).verdict.result).toBe('NOT_FOUND');
    const bad = await json('/v/not-a-handle');
    expect(bad.status).toBe(400);
    expect((await read(bad)).error.code).toBe('ERR_VALIDATION');
    const page = await fetch(`${svc.url}/v/not-a-handle`);
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('data-error="ERR_VALIDATION"');
  });

  it('POST /api/verify takes a handle, an identifier, a raw PDF and a multipart upload', async () => {
    expect((await read((await post({ handle: licence.handle })))).verdict.result).toBe('VALID');
    expect((await read((await post({ identifier: licence.identifier })))).verdict.result).toBe('VALID');
    const raw = await post(pdf, 'application/pdf');
    expect(raw.status).toBe(200);
    expect((await read(raw)).verdict).toMatchObject({ result: 'VALID', subject: { identifier: licence.identifier } });
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'licence.pdf');
    const multi = await fetch(`${svc.url}/api/verify`, { method: 'POST', body: form });
    expect((await read(multi)).verdict.result).toBe('VALID');
  });

  it('the page: a typed identifier or scanned link by GET, an upload by POST; a tampered PDF is red', async () => {
    const typed = await (await fetch(`${svc.url}/verify?q=${encodeURIComponent(` ${licence.identifier} `)}`)).text();
    expect(typed).toContain('data-result="VALID"');
    const scanned = await (await fetch(`${svc.url}/verify?q=${encodeURIComponent(`https://zz.example.gov.cn/v/${licence.handle}`)}`)).text();
    expect(scanned).toContain('data-result="VALID"');
    const empty = await (await fetch(`${svc.url}/verify`)).text();
    expect(empty).toContain('enctype="multipart/form-data"');
    const tampered = Buffer.from(pdf);
    tampered[tampered.indexOf('/Producer') + 1] = 'p'.charCodeAt(0);
    const form = new FormData();
    form.append('file', new Blob([tampered]), 'licence.pdf');
    const res = await fetch(`${svc.url}/verify`, { method: 'POST', body: form });
    const html = await res.text();
    expect(html).toContain('data-result="TAMPERED"');
    expect(html).toContain('verdict-red');
  });

  it('an unsigned PDF: the page says the file has no electronic seal; the JSON answer keeps NOT_FOUND', async () => {
    const plain = await makePdf(1);
    const form = new FormData();
    form.append('file', new Blob([plain]), 'plain.pdf');
    const html = await (await fetch(`${svc.url}/verify`, { method: 'POST', body: form })).text();
    expect(html).toContain('data-result="NOT_FOUND">本文件没有电子印章</h1>');
    expect(html).not.toContain('未找到');
    const answer = await read(await post(plain, 'application/pdf'));
    expect(answer.verdict.result).toBe('NOT_FOUND');
    expect(answer.verdict.checks.find((c) => c.check === 'signature')?.code).toBe('SIGNATURE_MISSING');
  });

  it('a revoked licence is REVOKED through the same QR link', async () => {
    const l = await v.issueProof();
    expect((await read((await json(`/v/${l.handle}`)))).verdict.result).toBe('VALID');
    await changeLicenceStatus(v.licenceDeps, { licenceId: l.id, action: 'revoke', reason: '依法吊销' }, STAFF);
    expect((await read((await json(`/v/${l.handle}`)))).verdict.result).toBe('REVOKED');
  });

  it('bad input gets a clear code and a 4xx, never a 500', async () => {
    const cases: [Promise<Response>, number, string][] = [
      [post('garbage bytes, not a file', 'application/pdf'), 422, 'ERR_FILE_KIND_UNKNOWN'],
      [post(Buffer.from('%PDF-1.7\n%%EOF'), 'application/pdf'), 422, 'ERR_DOCUMENT_INVALID'],
      [post(Buffer.alloc(3 * 1024 * 1024, 0x41), 'application/octet-stream'), 413, 'ERR_PAYLOAD_TOO_LARGE'],
      [post('hello', 'text/plain'), 415, 'ERR_UNSUPPORTED_MEDIA_TYPE'],
      [post({ handle: 'x' }), 400, 'ERR_VALIDATION'],
      [post({ identifier: '1.2.156.3005.2.garbage.garbage.garbage' }), 400, 'ERR_VALIDATION'],
      [post({ handle: licence.handle, extra: 1 }), 400, 'ERR_VALIDATION'],
      [post('{"handle":', 'application/json'), 400, 'ERR_VALIDATION'],
      [post(Buffer.alloc(0), 'application/pdf'), 400, 'ERR_VALIDATION'],
      [post({ code: 'ABCD-EFGH' }), 400, 'ERR_VALIDATION'],
    ];
    for (const [res, status, code] of cases) {
      const r = await res;
      expect(r.status, code).toBe(status);
      expect((await read(r)).error.code).toBe(code);
    }
    // Files that are not PDFs are answered for what they are, never as "not an unencrypted PDF".
    const zip = writeZip([{ name: 'word/document.xml', data: new TextEncoder().encode('<w:document/>') }]);
    const notLicence = (await makeKit()).signature.der;
    for (const [body, code, words] of [
      [zip, 'ERR_OFD_INVALID', 'OFD'], [Uint8Array.of(0x30, 0x13, ...new Uint8Array(19).fill(2)), 'ERR_SES_INVALID', 'GB/T 38540'],
      [notLicence, 'ERR_SES_NOT_A_LICENCE', 'verify-signature'], [Buffer.from('GIF89a not a sealed file'), 'ERR_FILE_KIND_UNKNOWN', 'neither'],
    ] as const) {
      const r = await post(body, 'application/octet-stream');
      const error = (await read(r)).error as { code: string; message: string };
      expect([r.status, error.code]).toEqual([422, code]);
      expect(error.message).toContain(words);
      expect(error.message).not.toContain('unencrypted PDF');
    }
    const form = new FormData();
    form.append('file', new Blob([zip]), 'invoice.ofd');
    const ofdPage = await (await fetch(`${svc.url}/verify`, { method: 'POST', body: form })).text();
    expect(ofdPage).toContain('data-error="ERR_OFD_INVALID"');
    expect(ofdPage).toContain('不是可读取的 OFD 文件');
    const bigPage = new FormData();
    bigPage.append('file', new Blob([Buffer.alloc(3 * 1024 * 1024)]), 'big.pdf');
    const page = await fetch(`${svc.url}/verify`, { method: 'POST', body: bigPage });
    expect(page.status).toBe(413);
    const html = await page.text();
    expect(html).toContain('data-error="ERR_PAYLOAD_TOO_LARGE"');
    // The answer stays in view: nothing below it takes the focus, and the code may wrap on a phone.
    expect(html).not.toContain('autofocus');
    expect(html).toContain('ERR_<wbr>PAYLOAD_<wbr>TOO_<wbr>LARGE');
    expect(await (await fetch(`${svc.url}/verify`)).text()).toContain('autofocus');
  });

  it('tokens: a live verify token is accepted, an unknown one is 401, one without the scope 403', async () => {
    expect((await post({ handle: licence.handle }, 'application/json', { authorization: `Bearer ${VERIFIER_TOKEN}` })).status).toBe(200);
    const unknown = await post({ handle: licence.handle }, 'application/json', { authorization: 'Bearer nope-nope-nope-nope-nope' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await post({ handle: licence.handle }, 'application/json', { authorization: `Bearer ${NO_SCOPE_TOKEN}` })).status).toBe(403);
    const entry = (await v.w.audit.page(0, 100_000)).filter((a) => a.action === 'verification.check' && a.actorId === 'market-inspection');
    expect(entry[0]).toMatchObject({ actorKind: 'client' });
  });
});

describe('verification rate limits', () => {
  let v: VerificationWorld;
  let svc: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    svc = await serve(v, { publicPerMinute: 3, verifierPerMinute: 6 });
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    await v?.cleanup();
  });

  it('per client IP for the public (429 ERR_RATE_LIMITED with Retry-After), higher for verifier systems', async () => {
    const get = (headers: Record<string, string> = {}) => fetch(`${svc.url}/v/ZZZZZZZZZZZZZZZZ`, { headers: { accept: 'application/json', ...headers } });
    // A minute boundary in the middle would reset the window; start just after one.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 55_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    for (let i = 0; i < 3; i++) expect((await get()).status).toBe(404);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await read(limited)).error.code).toBe('ERR_RATE_LIMITED');
    const page = await fetch(`${svc.url}/v/ZZZZZZZZZZZZZZZZ`);
    expect(page.status).toBe(429);
    expect(await page.text()).toContain('data-error="ERR_RATE_LIMITED"');
    const auth = { authorization: `Bearer ${VERIFIER_TOKEN}` };
    for (let i = 0; i < 6; i++) expect((await get(auth)).status).toBe(404);
    expect((await get(auth)).status).toBe(429);
  });
});
