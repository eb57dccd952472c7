// A sign-in that passed its first factor and waits for a step (finish-sign-in.ts holds: a
// one-time password, a new password, a real-name check). It is held in the shared store under
// the interaction, so any service process can finish it, and for no longer than the interaction
// itself lives. It keeps what was proven and when, so the step adds to it rather than replacing it.
import type { KvStore } from '../../ports/kv-store.ts';
import type { Proof } from './finish-sign-in.ts';

export interface HeldLogin {
  accountId: string;
  proofs: Proof[];
  /** A QR scan: the acr of the phone session that confirmed it. */
  channelAcr?: string | null;
}

const TTL_SECONDS = 600;
// `step` names what the sign-in waits for: the one-time password (the default), a new password or a real-name check.
const key = (interactionUid: string, step = 'otp') => (step === 'otp' ? `login:held:${interactionUid}` : `login:held:${step}:${interactionUid}`);

export async function holdLogin(kv: KvStore, interactionUid: string, login: HeldLogin, step?: string): Promise<void> {
  await kv.set(key(interactionUid, step), JSON.stringify(login), TTL_SECONDS);
}

export async function heldLogin(kv: KvStore, interactionUid: string, step?: string): Promise<HeldLogin | null> {
  return parse(await kv.get(key(interactionUid, step)));
}

/** Take the held sign-in once; a second, concurrent take gets null. */
export async function releaseHeldLogin(kv: KvStore, interactionUid: string, step?: string): Promise<HeldLogin | null> {
  return parse(await kv.take(key(interactionUid, step)));
}

function parse(text: string | null): HeldLogin | null {
  if (text === null) return null;
  const held = JSON.parse(text) as Partial<HeldLogin>;
  return typeof held.accountId === 'string' && Array.isArray(held.proofs) ? (held as HeldLogin) : null;
}
