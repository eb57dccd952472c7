// The per-account sets of session and grant ids that the oidc adapter keeps (so that a disabled
// account's sign-ins can all be ended), over every KvStore, seen from another process too.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvAdapter, accountGrantsKey, accountSessionsKey } from '../../src/oidc/kv-adapter.ts';
import { kvBackends } from '../adapters/kv-backends.ts';
import type { KvSubject } from '../adapters/kv-backends.ts';

const id = () => randomBytes(16).toString('base64url');

describe.each(kvBackends)('oidc adapter account index over KvStore: $name', (backend) => {
  let subject: KvSubject;
  beforeAll(async () => {
    subject = await backend.open();
  });
  afterAll(async () => subject?.cleanup());

  it('adds each session and grant of an account to its sets; other models and accounts stay out', async () => {
    const account = `s_${id()}`;
    const other = `s_${id()}`;
    const [s1, s2, g1, at] = [id(), id(), id(), id()];
    const a = (model: string) => new KvAdapter(model, subject.store, subject.clock);
    await a('Session').upsert(s1, { jti: s1, uid: id(), accountId: account }, 60);
    await a('Session').upsert(s2, { jti: s2, uid: id(), accountId: other }, 60);
    await a('Session').upsert(id(), { jti: 'anon', uid: id() }, 60);
    await a('Grant').upsert(g1, { jti: g1, accountId: account, clientId: 'app' }, 600);
    await a('AccessToken').upsert(at, { jti: at, accountId: account, grantId: g1 }, 60);
    expect(await subject.peer.setMembers(accountSessionsKey(account))).toEqual([s1]);
    expect(await subject.peer.setMembers(accountGrantsKey(account))).toEqual([g1]);
    expect(await subject.peer.setMembers(accountSessionsKey(other))).toEqual([s2]);
    // A session saved again (new id after login) joins the set; the old id stays until ended.
    const s3 = id();
    await a('Session').upsert(s3, { jti: s3, uid: id(), accountId: account }, 60);
    expect((await subject.store.setMembers(accountSessionsKey(account))).sort()).toEqual([s1, s3].sort());
  });
});
