import { describe, expect, it } from 'vitest';
import { isTerminal, lapsesAt, LICENCE_STATUS_CODES, nextStatus, statusAt, validityWindow } from '../../src/domain/licence.ts';
import type { LicenceEvent, LicenceEventKind, LicenceStatus } from '../../src/domain/licence.ts';

const STATUSES: LicenceStatus[] = ['valid', 'suspended', 'withdrawn', 'cancelled', 'expired', 'transferred', 'revoked', 'superseded'];
const EVENTS: LicenceEventKind[] = ['suspend', 'resume', 'withdraw', 'cancel', 'revoke', 'transfer', 'expire', 'supersede'];

const ev = (seq: number, kind: LicenceEventKind, from: LicenceStatus | null, to: LicenceStatus, effectiveAt: string): LicenceEvent => ({
  licenceId: 'l', seq, kind, fromStatus: from, toStatus: to, reason: null, effectiveAt, recordedAt: effectiveAt, actorId: null, relatedId: null,
});

describe('licence status rules', () => {
  it('uses the national status codes', () => {
    expect(LICENCE_STATUS_CODES).toEqual({ valid: '01', suspended: '02', withdrawn: '03', cancelled: '04', expired: '05', transferred: '06', revoked: '07', superseded: '99' });
  });

  it('allows exactly the listed transitions', () => {
    const allowed = STATUSES.flatMap((s) => EVENTS.flatMap((e) => (nextStatus(s, e) === null ? [] : [`${s}-${e}->${nextStatus(s, e)}`])));
    expect(allowed.sort()).toEqual([
      'suspended-cancel->cancelled', 'suspended-expire->expired', 'suspended-resume->valid', 'suspended-revoke->revoked', 'suspended-withdraw->withdrawn',
      'valid-cancel->cancelled', 'valid-expire->expired', 'valid-revoke->revoked', 'valid-supersede->superseded', 'valid-suspend->suspended',
      'valid-transfer->transferred', 'valid-withdraw->withdrawn',
    ]);
    expect(STATUSES.filter(isTerminal).sort()).toEqual(['cancelled', 'expired', 'revoked', 'superseded', 'transferred', 'withdrawn']);
  });

  it('computes validity windows', () => {
    expect(validityWindow({ kind: 'years', years: 6 }, '2026-03-01', {})).toBe('2032-02-29');
    expect(validityWindow({ kind: 'years', years: 1 }, '2026-01-01', {})).toBe('2026-12-31');
    expect(validityWindow({ kind: 'days', days: 90 }, '2026-03-01', {})).toBe('2026-05-29');
    expect(validityWindow({ kind: 'long-term' }, '2026-03-01', {})).toBeNull();
    expect(validityWindow({ kind: 'field', field: 'until' }, '2026-03-01', { until: '2030-01-01' })).toBe('2030-01-01');
    expect(validityWindow({ kind: 'field', field: 'until' }, '2026-03-01', {})).toBeNull();
    expect(lapsesAt('2026-05-29').toISOString()).toBe('2026-05-29T16:00:00.000Z');
  });

  it('answers the status at any time from the history', () => {
    const licence = { issuedAt: '2026-03-01T02:00:00.000Z', validFrom: '2026-03-01', validUntil: '2026-12-31' };
    const history = [
      ev(1, 'issue', null, 'valid', '2026-03-01T02:00:00.000Z'),
      ev(2, 'suspend', 'valid', 'suspended', '2026-04-01T00:00:00.000Z'),
      ev(3, 'resume', 'suspended', 'valid', '2026-05-01T00:00:00.000Z'),
      // Recorded later but effective earlier than nothing else: a revocation backdated to June.
      ev(4, 'revoke', 'valid', 'revoked', '2026-06-01T00:00:00.000Z'),
    ];
    const at = (t: string) => statusAt(licence, history, new Date(t));
    expect(at('2026-03-01T01:00:00Z')).toMatchObject({ status: 'not-yet-issued', valid: false });
    expect(at('2026-03-15T00:00:00Z')).toMatchObject({ status: 'valid', code: '01', valid: true });
    expect(at('2026-04-15T00:00:00Z')).toMatchObject({ status: 'suspended', code: '02', valid: false, since: '2026-04-01T00:00:00.000Z' });
    expect(at('2026-05-15T00:00:00Z')).toMatchObject({ status: 'valid', valid: true });
    expect(at('2026-06-01T00:00:00Z')).toMatchObject({ status: 'revoked', code: '07', valid: false });
    // Without the revocation the licence would lapse at the end of its last day, without any sweep.
    const open = history.slice(0, 3);
    expect(statusAt(licence, open, new Date('2026-12-31T15:59:59Z'))).toMatchObject({ status: 'valid', valid: true });
    expect(statusAt(licence, open, new Date('2026-12-31T16:00:00Z'))).toMatchObject({ status: 'expired', code: '05', valid: false });
    // Not valid before its first day.
    const later = { ...licence, validFrom: '2026-03-10' };
    expect(statusAt(later, history, new Date('2026-03-05T00:00:00Z'))).toMatchObject({ status: 'not-yet-valid', valid: false });
  });
});
