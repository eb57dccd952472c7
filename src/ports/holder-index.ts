/**
 * Blind index of a holder's identity number, so that licences can be found by the holder's
 * resident ID number or credit code without storing the number itself in the clear.
 */
export interface HolderIndex {
  /** Equal numbers of the same kind give equal keys; nothing else can be learnt from a key. */
  keyFor(kind: 'citizen' | 'legal_person', idNumber: string): Promise<string>;
}
