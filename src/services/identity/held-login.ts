// A sign-in that passed its first factor and waits for a second one (staff administrators must
// add a one-time password). It is held in the shared store under the interaction, so any service
// process can finish it, and for no longer than the interaction itself lives.
import type { KvStore } from '../../ports/kv-store.ts';

export interface HeldLogin {
  accountId: string;
  amr: string[];
}

const TTL_SECONDS = 600;
// `step` names what the sign-in waits for: the one-time password (the default) or a real-name check.
const key = (interactionUid: string, step = 'otp') => (step === 'otp' ? `login:held:${interactionUid}` : `login:held:${step}:${interactionUid}`);

export async function holdLogin(kv: KvStore, interactionUid: string, login: HeldLogin, step?: string): Promise<void> {
  await kv.set(key(interactionUid, step), JSON.stringify(login), TTL_SECONDS);
}

export async function heldLogin(kv: KvStore, interactionUid: string, step?: string): Promise<HeldLogin | null> {
  const text = await kv.get(key(interactionUid, step));
  return text === null ? null : (JSON.parse(text) as HeldLogin);
}

/** Take the held sign-in once; a second, concurrent take gets null. */
export async function releaseHeldLogin(kv: KvStore, interactionUid: string, step?: string): Promise<HeldLogin | null> {
  const text = await kv.take(key(interactionUid, step));
  return text === null ? null : (JSON.parse(text) as HeldLogin);
}
