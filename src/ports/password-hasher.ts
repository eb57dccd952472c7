/** Password hashing; the stored form describes its own algorithm and parameters. */
export interface PasswordHasher {
  /** A PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$salt$hash`. */
  hash(password: string): Promise<string>;
  /** True when the password matches; false for a wrong password or a malformed hash. */
  verify(stored: string, password: string): Promise<boolean>;
  /** True when the stored hash uses other parameters than current ones (rehash after login). */
  needsRehash(stored: string): boolean;
}
