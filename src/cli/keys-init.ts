import { userInfo } from 'node:os';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import { isAppError } from '../domain/errors.ts';

/** `yinxin keys init`: create the platform CAs and signing keys; refuses when any exists. */
export async function keysInitCommand(config: Config): Promise<number> {
  const c = await createContainer({ ...config, logLevel: 'warn' }, { background: false });
  try {
    const { created, rootFile } = await c.initKeys({ id: `os:${userInfo().username}`, kind: 'system' });
    console.log(`created: ${created.join(', ')}\npinned root certificate: ${rootFile}`);
    return 0;
  } catch (e) {
    if (isAppError(e, 'ERR_CONFLICT')) {
      console.error(`refusing to overwrite existing keys: ${((e.details?.existing as string[] | undefined) ?? []).join(', ')}`);
      return 1;
    }
    throw e;
  } finally {
    await c.close();
  }
}
