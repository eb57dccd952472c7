// Verifying one licence by its QR handle again and again at one database round trip each.
// The first verification of a handle reads through the stores and keeps what it read besides
// the licence row and content (history, successor, stored signature, seal-maker CA and CRL, the
// seal's registry entry), under the stamp read just before those reads. A later verification
// reads the licence row, its content and a fresh stamp in one statement (LicenceCheckStates);
// when the stamp is unchanged it replays the kept reads, else it reads through the stores again.
// Why it is safe: the stamp covers every kept read and is read before them, so a change made
// meanwhile shows as a mismatch on the next request, never as a stale answer; the licence row
// and its content are read fresh every time (a changed byte is still TAMPERED), and the kept
// signature is the one whose digest the register holds now, so it still proves that content;
// the trust anchors come from their file every time; a read the replay did not keep (another
// seal, another licence) goes to the stores. Each process keeps its own entries and checks them
// against the shared database on every request, so several processes agree.
import { PlatformKeys } from '../../domain/platform-keys.ts';
import type { LicenceEvent, LicenceRecord } from '../../domain/licence.ts';
import type { Seal, SealEvent } from '../../domain/seal.ts';
import type { LicenceCheckState, LicenceCheckStates } from '../../ports/licence-check-states.ts';
import { licenceBlobKeys } from '../licences/licence-deps.ts';
import type { VerificationTrust } from '../seals/verification-trust.ts';
import { storeReads } from './licence-reads.ts';
import type { LicenceReads } from './licence-reads.ts';
import type { VerificationDeps } from './verification-deps.ts';

interface Kept {
  readonly licenceId: string;
  readonly stamp: string;
  readonly events: LicenceEvent[];
  readonly successor: LicenceRecord | null;
  /** The stored signature as read (undefined: not read). */
  readonly signature: Uint8Array | null | undefined;
  readonly trust: Omit<VerificationTrust, 'anchors'>;
  /** The seal looked up by code, with its history, when the assessment looked one up. */
  readonly seal: { code: string; seal: Seal | null; events: SealEvent[] | null } | null;
}

/** A licence found under a handle, the reads to assess it with, and `keep` to call after a clean assessment. */
export interface OpenedCheck {
  readonly record: LicenceRecord;
  readonly reads: LicenceReads;
  keep(): void;
}

function replaying(deps: VerificationDeps, base: LicenceReads, kept: Kept, state: LicenceCheckState): LicenceReads {
  const own = (id: string) => id === kept.licenceId;
  return {
    events: async (id) => (own(id) ? kept.events : base.events(id)),
    successor: async (id) => (own(id) ? kept.successor : base.successor(id)),
    blobs: async (id, withSignature) => (own(id) && (!withSignature || kept.signature !== undefined)
      ? { content: state.content, signature: withSignature ? kept.signature ?? null : null } : base.blobs(id, withSignature)),
    trust: async () => ({ anchors: [...await deps.seals.anchors()], intermediates: kept.trust.intermediates, crls: kept.trust.crls }),
    seals: {
      findByCode: async (code) => (kept.seal !== null && code === kept.seal.code ? kept.seal.seal : base.seals.findByCode(code)),
      events: async (sealId) => (kept.seal?.seal?.id === sealId && kept.seal.events !== null ? kept.seal.events : base.seals.events(sealId)),
    },
  };
}

/** Reads through `base` and notes what was read; `kept()` is null when a read failed or one is missing. */
function recording(base: LicenceReads, licenceId: string, stamp: string) {
  let failed = false;
  const note = <T>(p: Promise<T>, set: (v: T) => void): Promise<T> => p.then((v) => { set(v); return v; }, (e: unknown) => { failed = true; throw e; });
  let events: LicenceEvent[] | undefined;
  let successor: LicenceRecord | null | undefined;
  let signature: Uint8Array | null | undefined;
  let trust: VerificationTrust | undefined;
  let seal: { code: string; seal: Seal | null; events: SealEvent[] | null } | null = null;
  const reads: LicenceReads = {
    events: (id) => (id === licenceId ? note(base.events(id), (v) => { events = v; }) : base.events(id)),
    successor: (id) => (id === licenceId ? note(base.successor(id), (v) => { successor = v; }) : base.successor(id)),
    blobs: (id, withSignature) => note(base.blobs(id, withSignature), (v) => { if (id === licenceId && withSignature) signature = v.signature; }),
    trust: () => note(base.trust(), (v) => { trust = v; }),
    seals: {
      findByCode: (code) => note(base.seals.findByCode(code), (v) => { seal = { code, seal: v, events: null }; }),
      events: (sealId) => note(base.seals.events(sealId), (v) => { if (seal?.seal?.id === sealId) seal.events = v; }),
    },
  };
  const kept = (): Kept | null => (failed || events === undefined || successor === undefined || trust === undefined ? null
    : { licenceId, stamp, events, successor, signature, trust: { intermediates: trust.intermediates, crls: trust.crls }, seal });
  return { reads, kept };
}

export class CheckSnapshots {
  readonly #states: LicenceCheckStates;
  readonly #entries = new Map<string, Kept>();
  readonly #maxEntries: number;

  constructor(states: LicenceCheckStates, opts: { maxEntries?: number } = {}) {
    this.#states = states;
    // An entry holds the stored signature (tens of kilobytes with the seal picture): 1,000 of
    // them stay near 50 MB at most, and the licences scanned again and again are far fewer.
    this.#maxEntries = opts.maxEntries ?? 1_000;
  }

  /** The licence under `handle` (null: none) and how to assess it. Throws when the store cannot be read. */
  async open(deps: VerificationDeps, handle: string): Promise<OpenedCheck | null> {
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
    const base = storeReads(deps);
    if (previous !== undefined && previous.licenceId === state.record.id && previous.stamp === state.stamp) {
      this.#entries.delete(handle);
      this.#entries.set(handle, previous);
      return { record: state.record, reads: replaying(deps, base, previous, state), keep: () => undefined };
    }
    const r = recording(base, state.record.id, state.stamp);
    return {
      record: state.record, reads: r.reads,
      keep: () => {
        const kept = r.kept();
        this.#entries.delete(handle);
        if (kept === null) return;
        this.#entries.set(handle, kept);
        // Least recently used first: a Map keeps insertion order and hits are re-inserted.
        while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
      },
    };
  }
}
