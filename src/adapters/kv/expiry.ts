/** Expiry rules shared by the stores that keep expiry times themselves (memory and SQL). */

/** True when an entry with this expiry (epoch ms, null = never) is gone at `now`. */
export function isExpired(expiresAt: number | null, now: number): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/**
 * The later of two expiries, null (never) being the latest. A set lives as long as its
 * longest-lived add, so a short-lived member never cuts the life of the others.
 */
export function laterExpiry(a: number | null, b: number | null): number | null {
  return a === null || b === null ? null : Math.max(a, b);
}
