// The OpenAPI description of the seal API: valid OpenAPI 3.1 in shape, every route under
// /api/seals documented, and every documented path answering (never "no such route").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealRoutes } from '../../src/http/routes/seals.ts';
import { verificationDeps } from '../../src/verification-wiring.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>> };

/** Method and path (in OpenAPI's `{param}` spelling) of every route of the router. */
function routesOf(router: ReturnType<typeof sealRoutes>): string[] {
  const out: string[] = [];
  for (const layer of router.stack as unknown as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const m of Object.keys(layer.route.methods)) out.push(`${m} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out.sort();
}

describe('seal API description', () => {
  let svc: OidcTestService;
  let doc: Doc;
  beforeAll(async () => {
    svc = await startOidcService();
    const res = await fetch(`${svc.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as Doc;
  });
  afterAll(async () => svc?.stop());

  it('is OpenAPI 3.1 and documents exactly the routes the router serves', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort();
    expect(documented).toEqual(routesOf(sealRoutes({ ...svc.container, verification: verificationDeps(svc.container) })));
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const op of Object.values(ops)) {
        expect(Object.keys(op.responses).length).toBeGreaterThan(0);
        const params = (path.match(/\{(\w+)\}/g) ?? []).map((p) => p.slice(1, -1));
        expect(params.every((p) => op.parameters?.some((x) => x.in === 'path' && x.name === p))).toBe(true);
      }
    }
    const stamp = doc.paths['/api/seals/{id}/stamp']?.post;
    expect(stamp?.parameters?.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(['page', 'x', 'y', 'keyword', 'crossPage', 'reason', 'location', 'container']);
  });

  it('every documented path answers: the description itself, and 401 with a challenge for the rest without a token', async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      const url = `${svc.url}${path.replace('{id}', 'seal_x').replace('{grantId}', 'grant_x')}`;
      for (const method of Object.keys(ops)) {
        const res = await fetch(url, { method: method.toUpperCase() });
        await res.arrayBuffer();
        if (path === '/api/openapi.json') expect(res.status).toBe(200);
        else expect([`${method} ${path}`, res.status, res.headers.get('www-authenticate')]).toEqual([`${method} ${path}`, 401, 'Bearer realm="yinxin"']);
      }
    }
  });
});
