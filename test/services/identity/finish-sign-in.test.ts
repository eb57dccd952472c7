// Every sign-in method × account kind × request → the acr and amr of the finished sign-in, the
// one step it waits for, or the reason the request cannot be met.
import { describe, expect, it } from 'vitest';
import type { Account, StaffRole } from '../../../src/domain/account.ts';
import type { AssuranceLevel } from '../../../src/domain/assurance.ts';
import { finishSignIn, orgRequired } from '../../../src/services/identity/finish-sign-in.ts';
import type { ActingState, Proof, SignInOutcome, SignInRequest, SignInState } from '../../../src/services/identity/finish-sign-in.ts';

const NOW = 1_800_000_000;

function account(kind: 'citizen' | 'representative' | 'legal_person' | 'staff' | 'admin', assurance: AssuranceLevel, extra: Partial<Account> = {}): Account {
  const staff = kind === 'staff' || kind === 'admin';
  const roles: StaffRole[] = kind === 'admin' ? ['system_admin'] : ['clerk'];
  return {
    id: staff ? 's_1' : kind === 'legal_person' ? 'o_1' : 'c_1', kind: staff ? 'staff' : kind === 'legal_person' ? 'legal_person' : 'citizen',
    name: '张三', phone: '13800000000', assurance, status: 'active', passwordHash: '$argon2id$x', passwordInitial: false, totpSealed: null,
    citizen: staff || kind === 'legal_person' ? null : { idNumberSealed: 'x', idNumberIndex: 'y', idNumberMasked: '1101**' },
    legalPerson: kind === 'legal_person' ? { creditCode: '91330100MA00000000', representativeId: 'c_1' } : null,
    staff: staff ? { staffNumber: 'A001', departmentId: 'd_1', positions: [], roles } : null,
    createdAt: '2026-01-01T00:00:00Z', ...extra,
  };
}

const now = (...methods: string[]): Proof[] => methods.map((method) => ({ method, at: NOW - 5 }));
const essential = (value: string) => JSON.stringify({ id_token: { acr: { essential: true, value } } });
const requireOrg = JSON.stringify({ id_token: { org: { essential: true } } });
const essentialOf = (values: string[]) => JSON.stringify({ id_token: { acr: { essential: true, values } } });

type Expected =
  | { acr: string; amr: string[] }
  | { hold: string }
  | { unmet: string };

interface Row {
  name: string;
  account: Account;
  proofs: Proof[];
  request?: SignInRequest;
  channelAcr?: string;
  acting?: ActingState;
  expect: Expected;
}

const citizenL1 = account('citizen', 'L1');
const citizenL2 = account('citizen', 'L2');
const representative = account('representative', 'L2');
const legalPerson = account('legal_person', 'L2');
const staff = account('staff', 'L1');
const staffWithTotp = account('staff', 'L1', { totpSealed: 'sealed' });
const staffL2WithTotp = account('staff', 'L2', { totpSealed: 'sealed' });
const admin = account('admin', 'L1', { totpSealed: 'sealed' });
const adminNew = account('admin', 'L1');
const initial = account('staff', 'L1', { passwordInitial: true, totpSealed: 'sealed' });
const citizenL4 = account('citizen', 'L4');
// An authenticator added on the account pages.
const citizenWithTotp = account('citizen', 'L2', { totpSealed: 'sealed' });
const citizenL1WithTotp = account('citizen', 'L1', { totpSealed: 'sealed' });
const legalPersonWithTotp = account('legal_person', 'L2', { totpSealed: 'sealed' });

const rows: Row[] = [
  // Password and SMS code, no request.
  { name: 'citizen L1, password', account: citizenL1, proofs: now('pwd'), expect: { acr: 'L1', amr: ['pwd'] } },
  { name: 'citizen L2, password', account: citizenL2, proofs: now('pwd'), expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'citizen L2, SMS code', account: citizenL2, proofs: now('sms'), expect: { acr: 'L2', amr: ['sms'] } },
  { name: 'citizen L4 account, password (capped)', account: citizenL4, proofs: now('pwd'), expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'legal representative, password', account: representative, proofs: now('pwd'), expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'legal person, password', account: legalPerson, proofs: now('pwd'), expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'registration (SMS code), citizen L1', account: citizenL1, proofs: now('sms'), expect: { acr: 'L1', amr: ['sms'] } },
  { name: 'staff, password', account: staffWithTotp, proofs: now('pwd'), expect: { acr: 'L1', amr: ['pwd'] } },
  { name: 'staff, SMS code', account: staffWithTotp, proofs: now('sms'), expect: { acr: 'L1', amr: ['sms'] } },
  // Staff administrators: a second factor at every sign-in.
  { name: 'admin, password → TOTP', account: admin, proofs: now('pwd'), expect: { hold: 'enter_totp' } },
  { name: 'admin without authenticator, password → enrol', account: adminNew, proofs: now('pwd'), expect: { hold: 'enrol_totp' } },
  { name: 'admin, password + TOTP', account: admin, proofs: now('pwd', 'otp'), expect: { acr: 'L1-mfa', amr: ['pwd', 'otp'] } },
  { name: 'admin, SMS + TOTP', account: admin, proofs: now('sms', 'otp'), expect: { acr: 'L1-mfa', amr: ['sms', 'otp'] } },
  { name: 'admin, certificate', account: admin, proofs: now('hwk'), expect: { acr: 'L4', amr: ['hwk'] } },
  // Symptom: a staff member who completes the OTP step got acr=L1.
  { name: 'staff, seal step-up: password → TOTP', account: staffWithTotp, proofs: now('pwd'), request: { acrValues: 'L1-mfa', maxAge: 600 }, expect: { hold: 'enter_totp' } },
  { name: 'staff without authenticator, seal step-up → enrol', account: staff, proofs: now('pwd'), request: { acrValues: 'L1-mfa' }, expect: { hold: 'enrol_totp' } },
  { name: 'staff, seal step-up: password + TOTP', account: staffWithTotp, proofs: now('pwd', 'otp'), request: { acrValues: 'L1-mfa', maxAge: 600 }, expect: { acr: 'L1-mfa', amr: ['pwd', 'otp'] } },
  { name: 'staff L2, password + TOTP', account: staffL2WithTotp, proofs: now('pwd', 'otp'), request: { acrValues: 'L2-mfa' }, expect: { acr: 'L2-mfa', amr: ['pwd', 'otp'] } },
  { name: 'staff, legacy acr_values=otp', account: staffWithTotp, proofs: now('pwd', 'otp'), request: { acrValues: 'otp' }, expect: { acr: 'L1-mfa', amr: ['pwd', 'otp'] } },
  { name: 'staff L1, L2-mfa asked', account: staffWithTotp, proofs: now('pwd'), request: { acrValues: 'L2-mfa' }, expect: { unmet: 'level_unreachable' } },
  // Symptom: a citizen without an authenticator asking for a second factor got amr ["pwd"] and no error.
  { name: 'citizen L2, acr_values=otp (legacy)', account: citizenL2, proofs: now('pwd'), request: { acrValues: 'otp' }, expect: { unmet: 'second_factor_unavailable' } },
  { name: 'citizen L2, acr_values=L1-mfa', account: citizenL2, proofs: now('pwd'), request: { acrValues: 'L1-mfa' }, expect: { unmet: 'second_factor_unavailable' } },
  { name: 'legal person, essential L2-mfa', account: legalPerson, proofs: now('pwd'), request: { claims: essential('L2-mfa') }, expect: { unmet: 'second_factor_unavailable' } },
  // Symptom: an essential L3 for a user who can only reach L2 looped back to the sign-in page.
  { name: 'citizen L2, essential L3', account: citizenL2, proofs: now('pwd'), request: { claims: essential('L3') }, expect: { unmet: 'certificate_required' } },
  { name: 'citizen L1, essential L3', account: citizenL1, proofs: now('sms'), request: { claims: essential('L3') }, expect: { unmet: 'certificate_required' } },
  { name: 'citizen L2, acr_values L4', account: citizenL2, proofs: now('pwd'), request: { acrValues: 'L4' }, expect: { unmet: 'certificate_required' } },
  { name: 'citizen L2, essential values [L3, L4], certificate', account: citizenL2, proofs: now('hwk'), request: { claims: essentialOf(['L3', 'L4']) }, expect: { acr: 'L4', amr: ['hwk'] } },
  { name: 'citizen L2, essential L4, certificate', account: citizenL2, proofs: now('hwk'), request: { claims: essential('L4') }, expect: { acr: 'L4', amr: ['hwk'] } },
  { name: 'citizen, essential acr unknown here', account: citizenL2, proofs: now('pwd'), request: { claims: essential('urn:example:loa:high') }, expect: { unmet: 'level_unreachable' } },
  { name: 'citizen, voluntary acr claim', account: citizenL2, proofs: now('pwd'), request: { claims: JSON.stringify({ id_token: { acr: { value: 'L4' } } }) }, expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'citizen, unknown acr_values only', account: citizenL2, proofs: now('pwd'), request: { acrValues: 'urn:example:loa:low' }, expect: { acr: 'L2', amr: ['pwd'] } },
  // A citizen or legal person who added an authenticator gives a code at every sign-in.
  { name: 'citizen with authenticator, password → TOTP', account: citizenWithTotp, proofs: now('pwd'), expect: { hold: 'enter_totp' } },
  { name: 'citizen with authenticator, SMS code → TOTP', account: citizenWithTotp, proofs: now('sms'), expect: { hold: 'enter_totp' } },
  { name: 'citizen with authenticator, password + TOTP', account: citizenWithTotp, proofs: now('pwd', 'otp'), expect: { acr: 'L2-mfa', amr: ['pwd', 'otp'] } },
  { name: 'citizen with authenticator, acr_values L1-mfa', account: citizenWithTotp, proofs: now('pwd', 'otp'), request: { acrValues: 'L1-mfa' }, expect: { acr: 'L2-mfa', amr: ['pwd', 'otp'] } },
  { name: 'citizen with authenticator, certificate', account: citizenWithTotp, proofs: now('hwk'), expect: { acr: 'L4', amr: ['hwk'] } },
  { name: 'citizen L1 with authenticator, acr_values L2 → TOTP first', account: citizenL1WithTotp, proofs: now('pwd'), request: { acrValues: 'L2' }, expect: { hold: 'enter_totp' } },
  { name: 'citizen L1 with authenticator, L2 asked, TOTP given → real-name check', account: citizenL1WithTotp, proofs: now('pwd', 'otp'), request: { acrValues: 'L2' }, expect: { hold: 'real_name' } },
  { name: 'legal person with authenticator, password → TOTP', account: legalPersonWithTotp, proofs: now('pwd'), expect: { hold: 'enter_totp' } },
  { name: 'legal person with authenticator, essential L2-mfa', account: legalPersonWithTotp, proofs: now('pwd', 'otp'), request: { claims: essential('L2-mfa') }, expect: { acr: 'L2-mfa', amr: ['pwd', 'otp'] } },
  // The real-name check raises an L1 citizen to L2.
  { name: 'citizen L1, acr_values L2 → real-name check', account: citizenL1, proofs: now('pwd'), request: { acrValues: 'L2' }, expect: { hold: 'real_name' } },
  { name: 'citizen L1, essential L2 → real-name check', account: citizenL1, proofs: now('sms'), request: { claims: essential('L2') }, expect: { hold: 'real_name' } },
  { name: 'citizen L1, acr_values "L2 L3" → real-name check', account: citizenL1, proofs: now('pwd'), request: { acrValues: 'L2 L3' }, expect: { hold: 'real_name' } },
  { name: 'citizen L2 (after the check), acr_values L2', account: citizenL2, proofs: now('pwd'), request: { acrValues: 'L2' }, expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'staff L1, acr_values L2', account: staffWithTotp, proofs: now('pwd'), request: { acrValues: 'L2' }, expect: { unmet: 'level_unreachable' } },
  // Certificates: L4 whatever the recorded level.
  { name: 'staff, certificate', account: staff, proofs: now('hwk'), expect: { acr: 'L4', amr: ['hwk'] } },
  { name: 'staff, certificate, seal step-up', account: staff, proofs: now('hwk'), request: { acrValues: 'L1-mfa', maxAge: 600 }, expect: { acr: 'L4', amr: ['hwk'] } },
  { name: 'legal person, certificate', account: legalPerson, proofs: now('hwk'), request: { acrValues: 'L4' }, expect: { acr: 'L4', amr: ['hwk'] } },
  // QR scan: the phone session's level.
  { name: 'citizen L2, QR scan', account: citizenL2, proofs: now('qr', 'mca', 'pwd'), channelAcr: 'L2', expect: { acr: 'L2', amr: ['qr', 'mca', 'pwd'] } },
  { name: 'staff, QR scan', account: staffWithTotp, proofs: now('qr', 'mca', 'pwd'), channelAcr: 'L2', expect: { acr: 'L2', amr: ['qr', 'mca', 'pwd'] } },
  { name: 'admin, QR scan from a phone without TOTP → TOTP', account: admin, proofs: now('qr', 'mca', 'pwd'), channelAcr: 'L2', expect: { hold: 'enter_totp' } },
  { name: 'admin, QR scan from a phone with TOTP', account: admin, proofs: now('qr', 'mca', 'pwd', 'otp'), channelAcr: 'L2-mfa', expect: { acr: 'L2-mfa', amr: ['qr', 'mca', 'pwd', 'otp'] } },
  { name: 'citizen L2, QR scan, essential L3', account: citizenL2, proofs: now('qr', 'mca', 'pwd'), channelAcr: 'L2', request: { claims: essential('L3') }, expect: { unmet: 'certificate_required' } },
  // Initial passwords are replaced first, when the request can be met at all.
  { name: 'initial password', account: initial, proofs: now('pwd'), expect: { hold: 'replace_password' } },
  { name: 'initial password, seal step-up', account: initial, proofs: now('pwd'), request: { acrValues: 'L1-mfa' }, expect: { hold: 'replace_password' } },
  { name: 'initial password, L4 asked', account: initial, proofs: now('pwd'), request: { acrValues: 'L4' }, expect: { unmet: 'certificate_required' } },
  { name: 'initial password, SMS sign-in', account: initial, proofs: now('sms'), expect: { acr: 'L1', amr: ['sms'] } },
  // max_age and the session's earlier sign-in.
  { name: 'earlier sign-in within max_age', account: citizenL2, proofs: [{ method: 'pwd', at: NOW - 100, earlier: true }], request: { maxAge: 600 }, expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'earlier sign-in beyond max_age', account: citizenL2, proofs: [{ method: 'pwd', at: NOW - 700, earlier: true }], request: { maxAge: 600 }, expect: { unmet: 'sign_in_too_old' } },
  { name: 'earlier sign-in with prompt=login', account: citizenL2, proofs: [{ method: 'pwd', at: NOW - 10, earlier: true }], request: { prompt: ['login'] }, expect: { unmet: 'sign_in_too_old' } },
  { name: 'earlier password beyond max_age, TOTP now', account: staffWithTotp, proofs: [{ method: 'pwd', at: NOW - 900, earlier: true }, { method: 'otp', at: NOW }], request: { acrValues: 'L1-mfa', maxAge: 600 }, expect: { unmet: 'sign_in_too_old' } },
  { name: 'proofs of this interaction count whatever max_age', account: staffWithTotp, proofs: [{ method: 'pwd', at: NOW - 30 }, { method: 'otp', at: NOW }], request: { acrValues: 'L1-mfa', maxAge: 10 }, expect: { acr: 'L1-mfa', amr: ['pwd', 'otp'] } },
  // Whom to act for (法人办事), once the app's grant is known.
  { name: 'representative, no choice yet → choose', account: representative, proofs: now('pwd'), acting: { enterprises: 1, choice: null }, expect: { hold: 'select_org' } },
  { name: 'citizen who may act for none, no choice', account: citizenL2, proofs: now('pwd'), acting: { enterprises: 0, choice: null }, expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'representative acting for the enterprise chosen', account: representative, proofs: now('pwd'), acting: { enterprises: 0, choice: 'enterprise' }, expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'representative acting as themself', account: representative, proofs: now('pwd'), acting: { enterprises: 0, choice: 'self' }, expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'agent whose enterprise lapsed → choose again', account: representative, proofs: now('pwd'), acting: { enterprises: 0, choice: 'lapsed' }, expect: { hold: 'select_org' } },
  { name: 'app switches enterprise: prompt=select_org', account: representative, proofs: [{ method: 'pwd', at: NOW - 100, earlier: true }], request: { prompt: ['select_org'] }, acting: { enterprises: 0, choice: 'enterprise' }, expect: { hold: 'select_org' } },
  { name: 'app requires an enterprise, acting as themself → choose', account: representative, proofs: now('pwd'), request: { claims: requireOrg }, acting: { enterprises: 0, choice: 'self' }, expect: { hold: 'select_org' } },
  { name: 'app requires an enterprise, none allowed → choose (cancel only)', account: citizenL2, proofs: now('pwd'), request: { claims: requireOrg }, acting: { enterprises: 0, choice: null }, expect: { hold: 'select_org' } },
  { name: 'app requires an enterprise, one chosen', account: representative, proofs: now('pwd'), request: { claims: requireOrg }, acting: { enterprises: 0, choice: 'enterprise' }, expect: { acr: 'L2', amr: ['pwd'] } },
  { name: 'staff never act for an enterprise', account: staffWithTotp, proofs: now('pwd'), acting: { enterprises: 1, choice: null }, expect: { acr: 'L1', amr: ['pwd'] } },
  { name: 'the choice comes after the other holds', account: citizenL1, proofs: now('pwd'), request: { acrValues: 'L2' }, acting: { enterprises: 1, choice: null }, expect: { hold: 'real_name' } },
  { name: 'the choice waits for a reachable request', account: representative, proofs: now('pwd'), request: { claims: essential('L3') }, acting: { enterprises: 1, choice: null }, expect: { unmet: 'certificate_required' } },
  // A disabled account never finishes.
  { name: 'disabled account', account: account('citizen', 'L2', { status: 'disabled' }), proofs: now('pwd'), expect: { unmet: 'account_disabled' } },
];

function summary(o: SignInOutcome): Expected {
  if (o.kind === 'finish') return { acr: o.acr, amr: o.amr };
  if (o.kind === 'hold') return { hold: o.hold };
  return { unmet: o.reason };
}

describe('finishSignIn', () => {
  it.each(rows)('$name', (row) => {
    const state: SignInState = { account: row.account, proofs: row.proofs, request: row.request ?? {}, channelAcr: row.channelAcr ?? null, ...(row.acting ? { acting: row.acting } : {}), now: NOW };
    expect(summary(finishSignIn(state))).toEqual(row.expect);
  });

  it('gives auth_time as the time of the last method proven', () => {
    const o = finishSignIn({ account: admin, proofs: [{ method: 'pwd', at: NOW - 40 }, { method: 'otp', at: NOW - 3 }], request: {}, now: NOW });
    expect(o).toMatchObject({ kind: 'finish', accountId: 's_1', authTime: NOW - 3 });
  });

  it('explains an unmet request in words for the app', () => {
    const o = finishSignIn({ account: citizenL2, proofs: now('pwd'), request: { claims: essential('L3') }, now: NOW });
    expect(o).toMatchObject({ kind: 'unmet', description: expect.stringContaining('certificate') });
  });

  it('turns the real-name check off where it is not offered', () => {
    const o = finishSignIn({ account: citizenL1, proofs: now('pwd'), request: { acrValues: 'L2' }, realNameCheck: false, now: NOW });
    expect(summary(o)).toEqual({ unmet: 'level_unreachable' });
  });
});

describe('orgRequired', () => {
  it('reads the claims parameter raw or parsed, in the ID token or userinfo', () => {
    expect(orgRequired(JSON.stringify({ userinfo: { org: { essential: true } } }))).toBe(true);
    expect(orgRequired({ id_token: { org: { essential: true } } })).toBe(true);
    expect(orgRequired({ id_token: { org: null } })).toBe(false);
    expect(orgRequired('{not json')).toBe(false);
    expect(orgRequired(undefined)).toBe(false);
  });
});
