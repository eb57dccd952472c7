// One-time passwords (RFC 6238) for staff administrators: the parameters every authenticator app
// understands (SHA-1, 6 digits, 30 seconds), one step of clock drift either way, and a guard so
// that a code, once accepted, cannot be used again within its lifetime.
import { Secret, TOTP } from 'otpauth';
import type { Clock } from '../../ports/clock.ts';
import type { KvStore } from '../../ports/kv-store.ts';

const PERIOD = 30;
const WINDOW = 1;

export const TOTP_PURPOSE = 'totp';

function totp(secretBase32: string, label = 'yinxin'): TOTP {
  return new TOTP({ issuer: '印信', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new 160-bit secret (RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString();
}

/** The current code (tests and enrolment checks). */
export function totpNow(secretBase32: string, clock: Clock): string {
  return totp(secretBase32).generate({ timestamp: clock.now().getTime() });
}

/**
 * True when `code` is valid now (±1 step) and was not accepted before for this account: the
 * time step it belongs to is claimed atomically in the shared store, so two service processes
 * cannot both accept one code.
 */
export async function acceptTotp(kv: KvStore, clock: Clock, accountId: string, secretBase32: string, code: string): Promise<boolean> {
  const now = clock.now().getTime();
  const delta = totp(secretBase32).validate({ token: code, timestamp: now, window: WINDOW });
  if (delta === null) return false;
  const step = Math.floor(now / 1000 / PERIOD) + delta;
  const uses = await kv.increment(`totp:used:${accountId}:${step}`, PERIOD * (2 * WINDOW + 2));
  return uses === 1;
}
