// No administrative API without its page: every route of the router table under /api/admin, the
// seal registry's (/api/seals) and the licence issuers' (/api/licences) is listed below with the
// page route(s) that do the same task, and each of those page routes is in the router table too. A
// new administrative API therefore fails here until a page (a form post handled by the page's
// route, or the page that shows what a read returns) offers it; a page route renamed or removed
// fails here as well. The pages' forms themselves are driven in the Chromium tests of each page
// (admin-*-page.test.ts, licence-pages-browser.test.ts, seal-desk.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/container.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';
import { routeTable } from '../support/route-table.ts';

/** Administrative APIs of the router table. */
const ADMINISTRATIVE = /^\/api\/(admin|seals|licences)(\/|$)/;

/** API route → the page routes that offer the same task. */
const PAGES: Record<string, string[]> = {
  // Apps (system administrator).
  'GET /api/admin/apps': ['GET /admin/apps'],
  'POST /api/admin/apps': ['POST /admin/apps'],
  'GET /api/admin/apps/:clientId': ['GET /admin/apps/:clientId'],
  'PATCH /api/admin/apps/:clientId': ['POST /admin/apps/:clientId'],
  'POST /api/admin/apps/:clientId/disable': ['POST /admin/apps/:clientId/disable'],
  'POST /api/admin/apps/:clientId/enable': ['POST /admin/apps/:clientId/enable'],
  'POST /api/admin/apps/:clientId/secret': ['POST /admin/apps/:clientId/secret'],
  'GET /api/admin/apps/:clientId/licence-use': ['GET /admin/apps/:clientId/licence-use'],
  'PUT /api/admin/apps/:clientId/licence-use/:code': ['POST /admin/apps/:clientId/licence-use'],
  'DELETE /api/admin/apps/:clientId/licence-use/:code': ['POST /admin/apps/:clientId/licence-use/:code/withdraw'],
  // Service items (system administrator).
  'GET /api/admin/service-items': ['GET /admin/service-items'],
  'PUT /api/admin/service-items/:code': ['POST /admin/service-items', 'POST /admin/service-items/:code'],
  'POST /api/admin/service-items/import': ['POST /admin/service-items/import.csv'],
  // Departments, positions and staff (system administrator).
  'GET /api/admin/departments': ['GET /admin/departments'],
  'POST /api/admin/departments': ['POST /admin/departments'],
  'PATCH /api/admin/departments/:id': ['POST /admin/departments/change'],
  'GET /api/admin/positions': ['GET /admin/staff'],
  'POST /api/admin/positions': ['POST /admin/positions'],
  'PATCH /api/admin/positions/:id': ['POST /admin/positions/change'],
  'GET /api/admin/staff': ['GET /admin/staff'],
  'POST /api/admin/staff': ['POST /admin/staff'],
  'GET /api/admin/staff/:id': ['GET /admin/staff/:id'],
  'PATCH /api/admin/staff/:id': ['POST /admin/staff/:id'],
  'POST /api/admin/staff/:id/disable': ['POST /admin/staff/:id/disable'],
  'POST /api/admin/staff/:id/enable': ['POST /admin/staff/:id/enable'],
  'POST /api/admin/staff/:id/password': ['POST /admin/staff/:id/password'],
  'POST /api/admin/staff/imports': ['POST /admin/staff/imports'],
  'GET /api/admin/staff/imports/:job': ['GET /admin/staff/imports/:job'],
  // Roles (security administrator).
  'GET /api/admin/roles': ['GET /admin/roles'],
  'PUT /api/admin/roles/:id': ['POST /admin/roles/:id'],
  // Citizens' and legal persons' accounts, sessions and lockouts (security administrator).
  'POST /api/admin/accounts/search': ['POST /admin/accounts/search'],
  'GET /api/admin/accounts/:id': ['GET /admin/accounts/:id'],
  'POST /api/admin/accounts/:id/disable': ['POST /admin/accounts/:id/disable'],
  'POST /api/admin/accounts/:id/enable': ['POST /admin/accounts/:id/enable'],
  'POST /api/admin/accounts/:id/reset': ['POST /admin/accounts/:id/reset'],
  'POST /api/admin/accounts/:id/sessions/end': ['POST /admin/accounts/:id/sessions/end'],
  'POST /api/admin/sessions/search': ['POST /admin/sessions/search'],
  'GET /api/admin/sessions/:id': ['GET /admin/sessions/:id'],
  'POST /api/admin/sessions/:id/end': ['POST /admin/sessions/:id/end'],
  'POST /api/admin/sessions/:id/lockout/clear': ['POST /admin/sessions/:id/lockout/clear'],
  // The audit log (audit administrator).
  'GET /api/admin/audit/records': ['GET /admin/audit'],
  'GET /api/admin/audit/export': ['GET /admin/audit/export'],
  'GET /api/admin/audit/status': ['GET /admin/audit'],
  'POST /api/admin/audit/verify': ['POST /admin/audit/verify'],
  // Seals: keepers apply, approvers approve, the security administrator's lifecycle; clerks stamp,
  // sign and verify at the seal desk (its page calls these APIs from the browser).
  'GET /api/seals': ['GET /admin/seals', 'GET /desk/seals'],
  'POST /api/seals': ['POST /admin/seals'],
  'GET /api/seals/:id': ['GET /admin/seals/:id'],
  'GET /api/seals/:id/image': ['GET /admin/seals/:id'],
  'GET /api/seals/:id/uses': ['GET /admin/seals/:id'],
  'POST /api/seals/:id/approve': ['POST /admin/seals/:id/approve'],
  'POST /api/seals/:id/suspend': ['POST /admin/seals/:id/suspend'],
  'POST /api/seals/:id/resume': ['POST /admin/seals/:id/resume'],
  'POST /api/seals/:id/revoke': ['POST /admin/seals/:id/revoke'],
  'POST /api/seals/:id/grants': ['POST /admin/seals/:id/grants'],
  'DELETE /api/seals/:id/grants/:grantId': ['POST /admin/seals/:id/grants/:grantId/end'],
  'POST /api/seals/:id/stamp': ['GET /desk/seals', 'POST /desk/seals/preview'],
  'POST /api/seals/:id/sign': ['GET /desk/seals'],
  'POST /api/seals/verify': ['GET /desk/seals'],
  'POST /api/seals/verify-signature': ['GET /desk/seals'],
  // Licences (licence issuers, at the licence desk).
  'POST /api/licences': ['GET /desk/licences/new', 'POST /desk/licences/new'],
  'GET /api/licences/:id': ['GET /desk/licences/:id'],
  'GET /api/licences/:id/pdf': ['GET /desk/licences/:id/pdf'],
  'GET /api/licences/:id/ofd': ['GET /desk/licences/:id/ofd'],
  'POST /api/licences/:id/change': ['GET /desk/licences/:id/change', 'POST /desk/licences/:id/change'],
  'POST /api/licences/:id/renew': ['GET /desk/licences/:id/renew', 'POST /desk/licences/:id/renew'],
  'POST /api/licences/:id/suspend': ['POST /desk/licences/:id/suspend'],
  'POST /api/licences/:id/resume': ['POST /desk/licences/:id/resume'],
  'POST /api/licences/:id/withdraw': ['POST /desk/licences/:id/withdraw'],
  'POST /api/licences/:id/cancel': ['POST /desk/licences/:id/cancel'],
  'POST /api/licences/:id/revoke': ['POST /desk/licences/:id/revoke'],
  'POST /api/licences/:id/transfer': ['POST /desk/licences/:id/transfer'],
  'POST /api/licences/imports': ['GET /desk/licences/imports', 'POST /desk/licences/imports'],
  'GET /api/licences/imports/:id': ['GET /desk/licences/imports/:job'],
};

describe('administrative APIs and their pages', () => {
  let svc: OidcTestService;
  let routes: Set<string>;
  beforeAll(async () => {
    svc = await startOidcService();
    routes = new Set(routeTable(createHttpApp(svc.container, () => false)).map((r) => `${r.method} ${r.path}`));
  }, 60_000);
  afterAll(async () => svc?.stop());

  it('lists a page for every administrative API of the router table', () => {
    const apis = [...routes].filter((r) => ADMINISTRATIVE.test(r.split(' ')[1] as string));
    expect(apis.length).toBeGreaterThan(60);
    expect(apis.filter((api) => !(api in PAGES)), 'administrative APIs without a page').toEqual([]);
    expect(Object.keys(PAGES).filter((api) => !routes.has(api)), 'listed APIs no longer in the router table').toEqual([]);
  });

  it('finds every listed page route in the router table', () => {
    const missing = Object.entries(PAGES).flatMap(([api, pages]) => pages.filter((p) => !routes.has(p)).map((p) => `${api} → ${p}`));
    expect(missing).toEqual([]);
  });
});
