// Granting and withdrawing a verifier system's legal basis: only for a registered, active app,
// with a basis of sensible length; both audited.
import { describe, expect, it } from 'vitest';
import type { AppStore, RegisteredApp } from '../../../src/ports/app-store.ts';
import type { VerifierBasis, VerifierBases } from '../../../src/ports/verifier-bases.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { grantVerifierBasis, withdrawVerifierBasis } from '../../../src/services/verification/verifier-basis.ts';
import { MemoryAuditStore } from '../../support/memory-audit-store.ts';

const app = (clientId: string, status: RegisteredApp['status']): RegisteredApp => ({ clientId, metadata: {}, secretHash: 'sm3:x', status, createdAt: '', updatedAt: '' });

describe('verifier legal bases', () => {
  it('grants to an active app, replaces, withdraws once, and audits each', async () => {
    const rows = new Map<string, VerifierBasis>();
    const bases: VerifierBases = {
      find: async (id) => rows.get(id) ?? null, save: async (b) => { rows.set(b.clientId, b); },
      remove: async (id) => rows.delete(id), all: async () => [...rows.values()],
    };
    const apps = { find: async (id: string) => ({ app_bank: app('app_bank', 'active'), app_old: app('app_old', 'disabled') } as Record<string, RegisteredApp>)[id] ?? null } as Pick<AppStore, 'find'>;
    const store = new MemoryAuditStore();
    const clock = { now: () => new Date('2026-11-23T01:00:00Z') };
    const deps = { bases, apps, audit: new AuditLog(store, clock), clock };
    const actor = { id: 'system:cli', kind: 'system' as const };

    await grantVerifierBasis(deps, 'app_bank', '  《反洗钱法》第二十八条 ', actor);
    expect(rows.get('app_bank')).toMatchObject({ basis: '《反洗钱法》第二十八条', grantedBy: 'system:cli', grantedAt: '2026-11-23T01:00:00.000Z' });
    await grantVerifierBasis(deps, 'app_bank', '数据共享协议 2026-17 号', actor);
    expect(rows.get('app_bank')?.basis).toBe('数据共享协议 2026-17 号');
    await expect(grantVerifierBasis(deps, 'app_old', '数据共享协议', actor)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(grantVerifierBasis(deps, 'app_none', '数据共享协议', actor)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
    await expect(grantVerifierBasis(deps, 'app_bank', ' 法 ', actor)).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ path: ['basis'] }] } });
    expect(await withdrawVerifierBasis(deps, 'app_bank', actor)).toBe(true);
    expect(await withdrawVerifierBasis(deps, 'app_bank', actor)).toBe(false);
    expect(store.records.map((r) => r.action)).toEqual(['verifier.basis.grant', 'verifier.basis.grant', 'verifier.basis.withdraw']);
  });
});
