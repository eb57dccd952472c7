/**
 * Argument rules shared by every KvStore implementation, so that the memory store used in tests
 * rejects exactly what the SQL and Redis stores reject in production.
 */

/** Longest key or set member, in characters (Unicode code points): the SQL column width. */
export const MAX_KEY_LENGTH = 255;

/** Throws a RangeError unless `key` fits the SQL key column; a longer key would be cut short there. */
export function checkKey(key: string, what = 'key'): void {
  // Code points, not UTF-16 units: MySQL counts characters, and one emoji is two units.
  if (key.length > MAX_KEY_LENGTH && [...key].length > MAX_KEY_LENGTH) {
    throw new RangeError(`${what} longer than ${MAX_KEY_LENGTH} characters`);
  }
}

/** Throws a RangeError unless `ttlSeconds` is absent or a positive whole number. */
export function checkTtl(ttlSeconds: number | undefined): void {
  if (ttlSeconds === undefined) return;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive whole number, got ${ttlSeconds}`);
  }
}
