// The browser and address behind each sign-in session, for the person's own list of sessions
// (account-sessions.ts). oidc-provider's session keeps neither, so a provider middleware notes
// them under the session's id whenever a sign-in request runs in a signed-in session: the first
// request's browser and address stay (where the sign-in happened); the time of the latest one is
// the session's last activity. The note lives as long as a session can (8 hours, rolling).
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Clock } from '../ports/clock.ts';
import type { KvStore } from '../ports/kv-store.ts';

export interface SessionDevice {
  userAgent: string | null;
  ip: string | null;
  lastActiveAt: number;
}

const ROUTES = new Set(['authorization', 'resume']);
const TTL_S = 8 * 3600;
export const sessionDeviceKey = (sessionId: string) => `oidc:session-device:${sessionId}`;

export async function readSessionDevice(kv: KvStore, sessionId: string): Promise<SessionDevice | null> {
  const text = await kv.get(sessionDeviceKey(sessionId));
  return text === null ? null : JSON.parse(text) as SessionDevice;
}

export function noteSessionDevices(provider: Provider, kv: KvStore, clock: Clock): void {
  provider.use(async (ctx, next) => {
    await next();
    const oidc = (ctx as KoaContextWithOIDC).oidc;
    const session = oidc?.session;
    if (!oidc || !ROUTES.has(oidc.route) || !session?.accountId || !session.jti) return;
    try {
      const earlier = await readSessionDevice(kv, session.jti);
      const userAgent = (ctx.get('user-agent') || '').slice(0, 300) || null;
      const note: SessionDevice = { userAgent: earlier ? earlier.userAgent : userAgent, ip: earlier ? earlier.ip : (ctx.ip || null), lastActiveAt: Math.floor(clock.now().getTime() / 1000) };
      await kv.set(sessionDeviceKey(session.jti), JSON.stringify(note), TTL_S);
    } catch {
      // A note that cannot be written costs the list a line, not the sign-in.
    }
  });
}
