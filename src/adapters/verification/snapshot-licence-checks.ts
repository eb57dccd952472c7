// Licence checks that verify one licence again and again at one database round trip each.
// The first check of a handle reads through the wrapped checks and keeps what it read besides
// the licence row and content (history, successor, stored signature, seal-maker CA and CRL, the
// seal's registry entry), under the stamp read just before those reads. A later check reads the
// licence row, its content and a fresh stamp in one statement (LicenceCheckStates); when the
// stamp is unchanged it replays the kept reads, else it reads through again.
// Why it is safe: the stamp covers every kept read and is read before them, so a change made
// meanwhile shows as a mismatch on the next request, never as a stale answer; a seal kept under a
// stamp that did not cover it is named in the next query, so that stamp differs and the seal is
// read again. The licence row and its content are read fresh every time (a changed byte is still
// TAMPERED), and the kept signature is the one whose digest the register holds now, so it still
// proves that content; the trust anchors come from their file every time; a read that failed
// drops the entry (a failure is never kept) and a read not kept (another seal, another licence)
// goes through. Each process keeps its own entries and checks them against the shared database
// on every request, so several processes agree.
import { licenceBlobKeys } from '../../domain/licence.ts';
import type { LicenceEvent, LicenceRecord } from '../../domain/licence.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import type { Seal, SealEvent } from '../../domain/seal.ts';
import type { LicenceCheckStates } from '../../ports/licence-check-states.ts';
import type { LicenceCheck, LicenceChecks, LicenceReads, VerificationTrust } from '../../ports/licence-checks.ts';

/** What was read under one stamp; undefined: not read yet. */
interface Kept {
  readonly licenceId: string;
  readonly stamp: string;
  events?: LicenceEvent[];
  successor?: LicenceRecord | null;
  signature?: Uint8Array | null;
  trust?: Omit<VerificationTrust, 'anchors'>;
  /** The one seal looked up by code, with its history once read. */
  seal?: { code: string; seal: Seal | null; events?: SealEvent[] };
  dropped: boolean;
}

export class SnapshotLicenceChecks implements LicenceChecks {
  readonly #inner: LicenceChecks;
  readonly #states: LicenceCheckStates;
  readonly #anchors: () => Uint8Array[] | Promise<Uint8Array[]>;
  readonly #entries = new Map<string, Kept>();
  readonly #maxEntries: number;

  constructor(inner: LicenceChecks, states: LicenceCheckStates, anchors: () => Uint8Array[] | Promise<Uint8Array[]>, opts: { maxEntries?: number } = {}) {
    this.#inner = inner;
    this.#states = states;
    this.#anchors = anchors;
    // An entry holds the stored signature (tens of kilobytes with the seal picture): 1,000 of
    // them stay near 50 MB at most, and the licences scanned again and again are far fewer.
    this.#maxEntries = opts.maxEntries ?? 1_000;
  }

  async byHandle(handle: string): Promise<LicenceCheck | null> {
    const previous = this.#entries.get(handle);
    const keys = previous === undefined ? null : licenceBlobKeys(previous.licenceId);
    const state = await this.#states.read({
      handle, contentKey: keys?.content ?? null, signatureKey: keys?.signature ?? null,
      sealCode: previous?.seal?.code ?? null, caKeyId: PlatformKeys.sealMakerCa,
    });
    if (state === null) {
      this.#entries.delete(handle);
      return null;
    }
    const fresh = previous === undefined || previous.licenceId !== state.record.id || previous.stamp !== state.stamp;
    const kept: Kept = fresh ? { licenceId: state.record.id, stamp: state.stamp, dropped: false } : previous;
    // Least recently used first: a Map keeps insertion order and hits are re-inserted.
    this.#entries.delete(handle);
    this.#entries.set(handle, kept);
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    const base = (await this.#inner.forRecord(state.record)).reads;
    // The state carries the content of the version the query named, so only of a version seen before.
    const content = previous?.licenceId === state.record.id ? state.content : undefined;
    return { record: state.record, reads: this.#reads(handle, kept, content, base) };
  }

  /** Through the state under the licence's handle when it is still this version, else the wrapped checks. */
  async forRecord(record: LicenceRecord): Promise<LicenceCheck> {
    const check = await this.byHandle(record.handle);
    return check !== null && check.record.id === record.id ? check : this.#inner.forRecord(record);
  }

  /** Kept reads where there are, else `base`'s, noted under the entry's stamp. */
  #reads(handle: string, kept: Kept, content: Uint8Array | null | undefined, base: LicenceReads): LicenceReads {
    const note = <T>(p: Promise<T>, set: (v: T) => void): Promise<T> => p.then((v) => {
      if (!kept.dropped) set(v);
      return v;
    }, (e: unknown) => {
      kept.dropped = true;
      if (this.#entries.get(handle) === kept) this.#entries.delete(handle);
      throw e;
    });
    const own = (id: string) => id === kept.licenceId;
    return {
      events: async (id) => (!own(id) ? base.events(id) : kept.events ?? note(base.events(id), (v) => { kept.events = v; })),
      successor: async (id) => (!own(id) ? base.successor(id) : kept.successor !== undefined ? kept.successor : note(base.successor(id), (v) => { kept.successor = v; })),
      blobs: async (id, withSignature) => {
        if (!own(id) || content === undefined) {
          return own(id) && withSignature ? note(base.blobs(id, true), (v) => { kept.signature = v.signature; }) : base.blobs(id, withSignature);
        }
        if (!withSignature) return { content, signature: null };
        if (kept.signature !== undefined) return { content, signature: kept.signature };
        const read = await note(base.blobs(id, true), (v) => { kept.signature = v.signature; });
        return { content, signature: read.signature };
      },
      trust: async () => {
        const anchors = [...await this.#anchors()];
        if (kept.trust !== undefined) return { anchors, intermediates: kept.trust.intermediates, crls: kept.trust.crls };
        const t = await note(base.trust(), (v) => { kept.trust = { intermediates: v.intermediates, crls: v.crls }; });
        return t;
      },
      seals: {
        findByCode: async (code) => {
          if (kept.seal?.code === code) return kept.seal.seal;
          return kept.seal === undefined ? note(base.seals.findByCode(code), (v) => { kept.seal ??= { code, seal: v }; }) : base.seals.findByCode(code);
        },
        events: async (sealId) => {
          const s = kept.seal;
          if (s?.seal?.id !== sealId) return base.seals.events(sealId);
          return s.events ?? note(base.seals.events(sealId), (v) => { s.events = v; });
        },
      },
    };
  }
}
