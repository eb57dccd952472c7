// yinxin's own pages stay registered as the apps they are: registered when missing, updated when
// the public URL moves, untouched when equal, and never re-enabled once an operator disabled them.
import { describe, expect, it } from 'vitest';
import { holderPortalApp } from '../../../src/http/routes/holder-portal.ts';
import type { AppStore, RegisteredApp } from '../../../src/ports/app-store.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { ensureBuiltinApp } from '../../../src/services/apps/ensure-builtin-app.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

function memoryApps(): AppStore & { rows: Map<string, RegisteredApp> } {
  const rows = new Map<string, RegisteredApp>();
  return {
    rows,
    save: async (app) => { rows.set(app.clientId, structuredClone(app)); },
    find: async (id) => structuredClone(rows.get(id) ?? null),
    list: async () => [...rows.values()],
    remove: async (id) => rows.delete(id),
  };
}

describe('ensureBuiltinApp', () => {
  it('registers, leaves alone, follows a new public URL, and keeps a disabled app disabled', async () => {
    const apps = memoryApps();
    const store = new MemoryAuditStore();
    let now = new Date('2026-11-23T00:00:00Z');
    const deps = { apps, audit: new AuditLog(store, { now: () => now }), clock: { now: () => now } };

    expect(await ensureBuiltinApp(deps, holderPortalApp('https://id.example.gov.cn'))).toBe('registered');
    const first = apps.rows.get('yinxin-holder-portal')!;
    expect(first).toMatchObject({ status: 'active', secretHash: null, metadata: { redirect_uris: ['https://id.example.gov.cn/holder'], token_endpoint_auth_method: 'none' } });

    now = new Date('2026-11-24T00:00:00Z');
    expect(await ensureBuiltinApp(deps, holderPortalApp('https://id.example.gov.cn'))).toBe('unchanged');
    expect(apps.rows.get('yinxin-holder-portal')!.updatedAt).toBe(first.updatedAt);

    apps.rows.get('yinxin-holder-portal')!.status = 'disabled';
    expect(await ensureBuiltinApp(deps, holderPortalApp('https://zw.example.gov.cn'))).toBe('updated');
    expect(apps.rows.get('yinxin-holder-portal')).toMatchObject({
      status: 'disabled', createdAt: first.createdAt, updatedAt: now.toISOString(), metadata: { redirect_uris: ['https://zw.example.gov.cn/holder'] },
    });
    const audited = (await store.page(0, 10)).map((r) => r.action);
    expect(audited).toEqual(['app.register', 'app.update']);
  });
});
