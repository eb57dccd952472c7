import { userInfo } from 'node:os';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';

/**
 * `yinxin keys rotate oidc`: add a token-signing key. Running services publish it within a
 * fraction of the activation delay and sign with it once the delay has passed.
 */
export async function keysRotateOidcCommand(config: Config): Promise<number> {
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    const { version, signsFrom } = await c.rotateSigningKey({ id: `os:${userInfo().username}`, kind: 'system' });
    console.log(`token signing key version ${version} published; it signs from ${signsFrom}`);
    return 0;
  } finally {
    await c.close();
  }
}
