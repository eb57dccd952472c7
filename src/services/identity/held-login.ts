// A sign-in that passed its first factor and waits for a second one (staff administrators must
// add a one-time password). It is held in the shared store under the interaction, so any service
// process can finish it, and for no longer than the interaction itself lives.
import type { KvStore } from '../../ports/kv-store.ts';

export interface HeldLogin {
  accountId: string;
  amr: string[];
}

const TTL_SECONDS = 600;
const key = (interactionUid: string) => `login:held:${interactionUid}`;

export async function holdLogin(kv: KvStore, interactionUid: string, login: HeldLogin): Promise<void> {
  await kv.set(key(interactionUid), JSON.stringify(login), TTL_SECONDS);
}

export async function heldLogin(kv: KvStore, interactionUid: string): Promise<HeldLogin | null> {
  const text = await kv.get(key(interactionUid));
  return text === null ? null : (JSON.parse(text) as HeldLogin);
}

/** Take the held sign-in once; a second, concurrent take gets null. */
export async function releaseHeldLogin(kv: KvStore, interactionUid: string): Promise<HeldLogin | null> {
  const text = await kv.take(key(interactionUid));
  return text === null ? null : (JSON.parse(text) as HeldLogin);
}
