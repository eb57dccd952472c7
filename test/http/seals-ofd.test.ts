// OFD files through the seal API and the seal desk's preview, over HTTP with real access tokens:
// stamped by coordinates (mm), by keyword and across pages with `application/ofd`, answered as
// OFD; a second seal leaves the first valid and the public `/api/verify` finds both VALID; one
// changed byte is TAMPERED with the changed file named in the verdict.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openZip } from '../../src/crypto/ofd/zip-reader.ts';
import { zipEntries } from '../../src/ofd/package.ts';
import type { VerificationOutcome } from '../../src/services/verification/verification-deps.ts';
import { makeOfd } from '../ofd/ofd-fixtures.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { sealDesk } from './seals-kit.ts';
import type { SealDesk } from './seals-kit.ts';

const REASON = 'reason=%E5%90%88%E5%90%8C%E7%AD%BE%E8%AE%A2';

describe('seal API with OFD files', () => {
  let svc: OidcTestService;
  let desk: SealDesk;
  const tokens: Record<string, string> = {};
  const sealIds: string[] = [];

  const call = (path: string, login: string | null, init: { body?: unknown; file?: Uint8Array; type?: string } = {}) => {
    const headers: Record<string, string> = login ? { authorization: `Bearer ${tokens[login]}` } : {};
    let body: Uint8Array | string | undefined;
    if (init.file) {
      headers['content-type'] = init.type ?? 'application/ofd';
      body = init.file;
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    return fetch(`${svc.url}${path}`, { method: body ? 'POST' : 'GET', headers, body });
  };
  const stamp = async (seal: number, query: string, file: Uint8Array) => {
    const res = await call(`/api/seals/${sealIds[seal]}/stamp?${query}&${REASON}`, 'C001', { file });
    if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
    expect(res.headers.get('content-type')).toBe('application/ofd');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="sealed.ofd"');
    return new Uint8Array(await res.arrayBuffer());
  };
  const verify = async (file: Uint8Array) => {
    const res = await fetch(`${svc.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/ofd', accept: 'application/json' }, body: file });
    expect(res.status).toBe(200);
    return ((await res.json()) as VerificationOutcome).verdict;
  };

  beforeAll(async () => {
    svc = await startOidcService();
    desk = await sealDesk(svc);
    for (const login of ['K001', 'P001', 'C001']) tokens[login] = await desk.signIn(login);
    for (const kind of ['contract', 'finance']) {
      const applied = await call('/api/seals', 'K001', { body: { kind, owner: { kind: 'department', id: 'amr' } } });
      const id = ((await applied.json()) as { seal: { id: string } }).seal.id;
      expect((await call(`/api/seals/${id}/approve`, 'P001', { body: { reason: '材料齐全' } })).status).toBe(200);
      expect((await call(`/api/seals/${id}/grants`, 'K001', { body: { accountId: desk.ids.C001 } })).status).toBe(201);
      sealIds.push(id);
    }
  }, 90_000);
  afterAll(async () => svc?.stop());

  it('stamps by coordinates, then a second seal by keyword; both are VALID by upload; a changed byte is TAMPERED and named', async () => {
    const ofd = makeOfd(2, { keyword: { page: 2, text: '乙方（盖章处）', x: 120, baseline: 230 } });
    const first = await stamp(0, 'page=1&x=60&y=250', ofd);
    const both = await stamp(1, `keyword=${encodeURIComponent('盖章处')}`, first);
    const verdict = await verify(both);
    expect(verdict.result).toBe('VALID');
    expect(verdict.subject?.seals?.map((s) => s.name)).toEqual(['某市市场监督管理局合同专用章', '某市市场监督管理局财务专用章']);
    expect(verdict.checks.map((c) => c.code)).toEqual([
      'INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_NOT_APPLICABLE', 'DATES_NOT_APPLICABLE',
    ]);
    expect((await verify(first)).result).toBe('VALID');

    const zip = openZip(both);
    const page = 'Doc_0/Pages/Page_0/Content.xml';
    const changed = zipEntries([...zip.entries.keys()].map((p) => {
      const bytes = Uint8Array.from(zip.read(p)!);
      if (p === page) bytes[bytes.length - 5]! ^= 0x01;
      return { path: p, bytes };
    }), new Date());
    const tampered = await verify(changed);
    expect(tampered.result).toBe('TAMPERED');
    const rows = tampered.checks.filter((c) => c.code === 'INTEGRITY_HASH_MISMATCH');
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r.files).toEqual([page]);
      expect(r.message.zh).toContain(page);
    }
  });

  it('stamps across pages; refuses the CMS container and a keyword the pages do not show', async () => {
    const crossed = await stamp(0, 'crossPage=true&y=150', makeOfd(3));
    expect((await verify(crossed)).result).toBe('VALID');
    const cms = await call(`/api/seals/${sealIds[0]}/stamp?page=1&x=60&y=250&container=cms&${REASON}`, 'C001', { file: makeOfd(1) });
    expect(cms.status).toBe(400);
    const missing = await call(`/api/seals/${sealIds[0]}/stamp?keyword=nowhere&${REASON}`, 'C001', { file: makeOfd(1) });
    expect([missing.status, ((await missing.json()) as { error: { code: string } }).error.code]).toEqual([422, 'ERR_KEYWORD_NOT_FOUND']);
    const pdfTyped = await call(`/api/seals/${sealIds[0]}/stamp?page=1&x=60&y=250&${REASON}`, 'C001', { file: makeOfd(1), type: 'application/pdf' });
    expect([pdfTyped.status, pdfTyped.headers.get('content-type')]).toEqual([200, 'application/ofd']);
  });

  it('the desk previews an OFD page in points from the lower left, with its text runs', async () => {
    const ofd = makeOfd(2, { keyword: { page: 2, text: '乙方（盖章处）', x: 120, baseline: 230 } });
    const res = await call('/desk/seals/preview?page=2', 'C001', { file: ofd });
    expect(res.status).toBe(200);
    const p = (await res.json()) as { kind: string; pageCount: number; mediaBox: number[]; text: { text: string; x: number; y: number }[] };
    expect(p).toMatchObject({ kind: 'ofd', pageCount: 2 });
    expect(p.mediaBox).toEqual([0, 0, 595.3, 841.9]);
    const run = p.text.find((r) => r.text === '乙方（盖章处）')!;
    expect(run.x).toBeCloseTo(120 * 72 / 25.4, 0);
    expect(run.y).toBeCloseTo((297 - 230) * 72 / 25.4, 0);
    const far = await call('/desk/seals/preview?page=3', 'C001', { file: ofd });
    expect(far.status).toBe(422);
  });
});
