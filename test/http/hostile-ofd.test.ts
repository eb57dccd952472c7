// Crafted OFD packages through every route that takes one from outside, over HTTP with real
// access tokens: the public `/api/verify`, `POST /api/seals/:id/stamp` as `application/ofd` by
// coordinates, keyword and across pages, and the seal desk's page preview. Each answer is the
// stated one (a 4xx with its stable code, or 200 where the route never reads the crafted part),
// comes within seconds, records no seal use when refused, and the service answers a genuine file
// afterwards. A verification never calls a file it cannot read TAMPERED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerificationOutcome } from '../../src/services/verification/verification-deps.ts';
import { makeOfd } from '../ofd/ofd-fixtures.ts';
import { HOSTILE_OFD, repeatedSignatures } from '../support/hostile-ofd.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { sealDesk } from './seals-kit.ts';

/** A hang guard only: each answer comes well within it (the machine is shared: generous). */
const ANSWER_MS = 5_000;
const REASON = 'reason=%E5%90%88%E5%90%8C%E7%AD%BE%E8%AE%A2';

const I = 'ERR_OFD_INVALID';
const C = 'ERR_DOCUMENT_TOO_COMPLEX';
const P = 'ERR_PAYLOAD_TOO_LARGE';
const ok = 200;
/** The verdict on a package without seals: nothing to check, said as such (404 with the verdict). */
const N = 'NOT_FOUND';

/** Expected answers: [verify, stamp by coordinates, by keyword, across pages, preview]. */
type Expected = readonly [string | 200, string | 200, string | 200, string | 200, string | 200];
const EXPECTED: Record<string, Expected> = {
  'bomb: Content.xml of 64 MiB honestly declared': [P, C, C, C, C],
  // Verification reads only what seals protect: this package has none, so the page is never inflated.
  'bomb: declared 2 KiB, inflates to 40 MiB': [N, I, I, I, I],
  'bomb: Document.xml declared 2 KiB, inflates to 40 MiB': [N, I, I, I, I],
  '100,000 tiny entries (count past 65,535: the end record says 34,464)': [P, C, C, C, C],
  'end record says 65,535 entries (the ZIP64 marker)': [I, I, I, I, I],
  'entry sizes of 0xFFFFFFFF (ZIP64 in the central directory)': [I, I, I, I, I],
  'duplicate Content.xml': [I, I, I, I, I],
  'duplicate differing only by case': [I, I, I, I, I],
  'duplicate by ./': [I, I, I, I, I],
  'duplicate by an empty folder (Doc_0//Pages)': [I, I, I, I, I],
  'entry name with ../': [I, I, I, I, I],
  'absolute entry name': [I, I, I, I, I],
  // Stamping by coordinates or across pages never parses a page (its size is read from the
  // text before Content); the keyword is found on the genuine second page.
  'Content.xml nested 100,000 deep': [N, ok, ok, ok, C],
  'Document.xml nested 100,000 deep': [N, C, C, C, C],
  'OFD.xml nested 100,000 deep': [P, C, C, C, C],
  'billion laughs in Content.xml': [N, ok, I, ok, I],
  'DOCTYPE with an external entity in Document.xml': [N, I, I, I, I],
  'DeltaX of two million numbers': [N, ok, C, ok, C],
  'DeltaX g 999999999 1': [N, ok, ok, ok, ok],
  'Content.xml of 40,000 TextCodes': [N, ok, ok, ok, C],
  'page list of 100,000 pages': [N, C, C, C, C],
  'page list naming a missing page file': [N, I, I, I, I],
  'page list naming a page outside the package': [N, I, I, I, I],
  '29,000 pages at one 1 MB page that baits a keyword search': [N, ok, 'ERR_KEYWORD_NOT_FOUND', ok, ok],
  '80 distinct 1 MB pages, deflated, each baiting a keyword search': [N, ok, C, ok, ok],
  '40 pages each opening with 6,000 empty Area elements': [N, ok, 'ERR_KEYWORD_NOT_FOUND', ok, C],
  'OFD.xml naming a signature list outside the package': [I, I, I, I, I],
  'truncated ZIP': [I, I, I, I, I],
  'truncated inside the central directory': [I, I, I, I, I],
  'encrypted entry flag': [I, I, I, I, I],
  // Not a ZIP: verification cannot tell its kind; stamping and the preview read it as a PDF.
  'not a ZIP at all': ['ERR_FILE_KIND_UNKNOWN', 'ERR_DOCUMENT_INVALID', 'ERR_DOCUMENT_INVALID', 'ERR_DOCUMENT_INVALID', 'ERR_DOCUMENT_INVALID'],
};

describe('crafted OFD packages through every route that takes one', () => {
  let svc: OidcTestService;
  let token: string;
  let keeper: string;
  let sealId: string;

  beforeAll(async () => {
    svc = await startOidcService();
    const desk = await sealDesk(svc);
    keeper = await desk.signIn('K001');
    const approver = await desk.signIn('P001');
    token = await desk.signIn('C001');
    const json = { 'content-type': 'application/json' };
    const applied = await fetch(`${svc.url}/api/seals`, { method: 'POST', headers: { ...json, authorization: `Bearer ${keeper}` }, body: JSON.stringify({ kind: 'contract', owner: { kind: 'department', id: 'amr' } }) });
    sealId = ((await applied.json()) as { seal: { id: string } }).seal.id;
    expect((await fetch(`${svc.url}/api/seals/${sealId}/approve`, { method: 'POST', headers: { ...json, authorization: `Bearer ${approver}` }, body: JSON.stringify({ reason: '材料齐全' }) })).status).toBe(200);
    expect((await fetch(`${svc.url}/api/seals/${sealId}/grants`, { method: 'POST', headers: { ...json, authorization: `Bearer ${keeper}` }, body: JSON.stringify({ accountId: desk.ids.C001 }) })).status).toBe(201);
  }, 120_000);
  afterAll(async () => svc?.stop());

  /** Posts the file; the status, the error code or verdict, and the time taken. */
  async function post(path: string, body: Uint8Array, auth: boolean) {
    const t = performance.now();
    const res = await fetch(`${svc.url}${path}`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/ofd', accept: 'application/json', ...(auth ? { authorization: `Bearer ${token}` } : {}) },
    });
    const raw = new Uint8Array(await res.arrayBuffer());
    const ms = performance.now() - t;
    const json = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(Buffer.from(raw).toString('utf8')) as { error?: { code: string }; verdict?: VerificationOutcome['verdict'] } : undefined;
    return { status: res.status, code: json?.error?.code, result: json?.verdict?.result, ms };
  }

  const uses = async () => {
    const res = await fetch(`${svc.url}/api/seals/${sealId}/uses`, { headers: { authorization: `Bearer ${keeper}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { uses: unknown[] }).uses.length;
  };

  const ROUTES = [
    ['verify', '/api/verify', false],
    ['stamp by coordinates', () => `/api/seals/${sealId}/stamp?page=1&x=60&y=250&${REASON}`, true],
    ['stamp by keyword', () => `/api/seals/${sealId}/stamp?keyword=${encodeURIComponent('盖章处')}&${REASON}`, true],
    ['stamp across pages', () => `/api/seals/${sealId}/stamp?crossPage=true&y=150&${REASON}`, true],
    ['desk preview', '/desk/seals/preview?page=1', true],
  ] as const;

  for (const [name, make] of Object.entries(HOSTILE_OFD)) {
    it(`${name}: the stated answers, in bounded time, no seal use when refused`, async () => {
      const expected = EXPECTED[name]!;
      expect(expected).toBeDefined();
      const file = make();
      const before = await uses();
      let stamped = 0;
      const got: (string | number)[] = [];
      for (const [i, [, path, auth]] of ROUTES.entries()) {
        const r = await post(typeof path === 'string' ? path : path(), file, auth);
        expect(r.ms).toBeLessThan(ANSWER_MS);
        got.push(r.status === 200 ? 200 : `${r.status} ${r.code ?? r.result}`);
        if (r.status === 200 && i >= 1 && i <= 3) stamped++;
        // A file that cannot be read is never said to be tampered with, nor valid.
        if (i === 0) expect(r.result ?? '').not.toMatch(/^(TAMPERED|VALID)$/);
      }
      expect(got).toEqual(expected.map((e) => (e === ok ? 200 : `${e === P ? 413 : e === N ? 404 : 422} ${e}`)));
      expect(await uses()).toBe(before + stamped);
    }, 60_000);
  }

  it('a signature list naming one genuine seal 60 times is refused, not checked 60 times', async () => {
    const res = await fetch(`${svc.url}/api/seals/${sealId}/stamp?page=1&x=60&y=250&${REASON}`, { method: 'POST', headers: { 'content-type': 'application/ofd', authorization: `Bearer ${token}` }, body: makeOfd(1) });
    expect(res.status).toBe(200);
    const sealed = new Uint8Array(await res.arrayBuffer());
    expect(await post('/api/verify', repeatedSignatures(sealed, 49), false)).toMatchObject({ status: 200, result: 'VALID' });
    const r = await post('/api/verify', repeatedSignatures(sealed, 60), false);
    expect(r).toMatchObject({ status: 413, code: P });
    expect(r.ms).toBeLessThan(ANSWER_MS);
  });

  it('the service stays healthy: a genuine file is stamped and verified afterwards', async () => {
    const before = await uses();
    const res = await fetch(`${svc.url}/api/seals/${sealId}/stamp?keyword=${encodeURIComponent('盖章处')}&${REASON}`, {
      method: 'POST', headers: { 'content-type': 'application/ofd', authorization: `Bearer ${token}` },
      body: makeOfd(2, { keyword: { page: 2, text: '乙方（盖章处）', x: 120, baseline: 230 } }),
    });
    expect(res.status).toBe(200);
    expect(await post('/api/verify', new Uint8Array(await res.arrayBuffer()), false)).toMatchObject({ status: 200, result: 'VALID' });
    expect(await uses()).toBe(before + 1);
  });
});
