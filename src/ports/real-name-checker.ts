/**
 * The real-name check (实名核验): does this name belong to this resident ID number? In
 * production the province's population service answers; in development a local register of test
 * people does.
 */
export interface RealNameChecker {
  /**
   * True when the name and the normalised ID number belong together, false when they do not.
   * Rejects with ERR_STORE_UNAVAILABLE when the service cannot answer: never a guess.
   */
  check(name: string, idNumber: string): Promise<boolean>;
}
