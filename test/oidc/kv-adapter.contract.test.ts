// The oidc-provider adapter over every KvStore: memory and SQLite always, MariaDB and Redis when
// configured. A second adapter on the peer store stands for another service process.
import { randomBytes } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvAdapter, kvAdapterFactory } from '../../src/oidc/kv-adapter.ts';
import { kvBackends } from '../adapters/kv-backends.ts';
import type { KvSubject } from '../adapters/kv-backends.ts';

const id = () => randomBytes(16).toString('base64url');

describe.each(kvBackends)('oidc adapter over KvStore: $name', (backend) => {
  let subject: KvSubject;
  let adapter: (model: string) => KvAdapter;
  let peer: (model: string) => KvAdapter;

  beforeAll(async () => {
    subject = await backend.open();
    adapter = (model) => new KvAdapter(model, subject.store, subject.clock);
    peer = (model) => new KvAdapter(model, subject.peer, subject.clock);
  });
  afterAll(async () => subject?.cleanup());

  const timed = backend.name === 'redis' ? it.concurrent : it;

  it('stores, finds and destroys a record; models do not share ids', async () => {
    const k = id();
    const payload: AdapterPayload = { jti: k, kind: 'AccessToken', accountId: 'a1', scope: 'openid', exp: 1 };
    await adapter('AccessToken').upsert(k, payload, 60);
    expect(await adapter('AccessToken').find(k)).toEqual(payload);
    expect(await peer('AccessToken').find(k)).toEqual(payload);
    expect(await adapter('RefreshToken').find(k)).toBeUndefined();
    await peer('AccessToken').destroy(k);
    expect(await adapter('AccessToken').find(k)).toBeUndefined();
    await expect(adapter('AccessToken').destroy(k)).resolves.toBeUndefined();
  });

  timed('keeps records without an expiry (clients, sessions with no lifetime)', async ({ expect }) => {
    const k = id();
    await adapter('Client').upsert(k, { client_id: k, redirect_uris: ['https://a.example/cb'] });
    await subject.pass(1);
    expect(await adapter('Client').find(k)).toMatchObject({ client_id: k });
  });

  timed('expires a record after expiresIn seconds, fractions rounded up', async ({ expect }) => {
    const a = id();
    const b = id();
    await adapter('Interaction').upsert(a, { jti: a, kind: 'Interaction' }, 1);
    await adapter('Interaction').upsert(b, { jti: b, kind: 'Interaction' }, 0.2);
    expect(await adapter('Interaction').find(b)).toBeDefined();
    await subject.pass(1);
    expect(await adapter('Interaction').find(a)).toBeUndefined();
    expect(await adapter('Interaction').find(b)).toBeUndefined();
  });

  timed('consume marks the record used and keeps its expiry', async ({ expect }) => {
    const k = id();
    await adapter('AuthorizationCode').upsert(k, { jti: k, kind: 'AuthorizationCode', grantId: id() }, 2);
    await peer('AuthorizationCode').consume(k);
    const found = await adapter('AuthorizationCode').find(k);
    expect(found?.consumed).toEqual(expect.any(Number));
    await subject.pass(2);
    expect(await adapter('AuthorizationCode').find(k)).toBeUndefined();
    await expect(adapter('AuthorizationCode').consume(k)).resolves.toBeUndefined();
  });

  it('finds a session by uid, follows a uid change, and forgets it on destroy', async () => {
    const k = id();
    const uid1 = id();
    const uid2 = id();
    await adapter('Session').upsert(k, { jti: k, kind: 'Session', uid: uid1, accountId: 'a1' }, 600);
    expect(await peer('Session').findByUid(uid1)).toMatchObject({ jti: k, accountId: 'a1' });
    await adapter('Session').upsert(k, { jti: k, kind: 'Session', uid: uid2, accountId: 'a1' }, 600);
    expect(await adapter('Session').findByUid(uid2)).toMatchObject({ jti: k });
    await adapter('Session').destroy(k);
    expect(await adapter('Session').findByUid(uid2)).toBeUndefined();
    expect(await adapter('Session').findByUid(id())).toBeUndefined();
  });

  it('finds a device code by user code', async () => {
    const k = id();
    await adapter('DeviceCode').upsert(k, { jti: k, kind: 'DeviceCode', userCode: 'ABCD-EFGH', grantId: id() }, 600);
    expect(await peer('DeviceCode').findByUserCode('ABCD-EFGH')).toMatchObject({ jti: k });
    expect(await adapter('DeviceCode').findByUserCode('WXYZ-WXYZ')).toBeUndefined();
    await adapter('DeviceCode').destroy(k);
    expect(await adapter('DeviceCode').findByUserCode('ABCD-EFGH')).toBeUndefined();
  });

  it('revokes every token of a grant, from any process, and nothing else', async () => {
    const grantId = id();
    const other = id();
    const at = id();
    const rt = id();
    const code = id();
    const keep = id();
    await adapter('AccessToken').upsert(at, { jti: at, kind: 'AccessToken', grantId }, 60);
    await adapter('RefreshToken').upsert(rt, { jti: rt, kind: 'RefreshToken', grantId }, 3600);
    await peer('AuthorizationCode').upsert(code, { jti: code, kind: 'AuthorizationCode', grantId }, 60);
    await adapter('AccessToken').upsert(keep, { jti: keep, kind: 'AccessToken', grantId: other }, 60);
    await peer('RefreshToken').revokeByGrantId(grantId);
    expect(await adapter('AccessToken').find(at)).toBeUndefined();
    expect(await adapter('RefreshToken').find(rt)).toBeUndefined();
    expect(await adapter('AuthorizationCode').find(code)).toBeUndefined();
    expect(await adapter('AccessToken').find(keep)).toBeDefined();
    await expect(adapter('RefreshToken').revokeByGrantId(id())).resolves.toBeUndefined();
  });

  it('the factory builds one adapter per model name', async () => {
    const factory = kvAdapterFactory(subject.store, subject.clock);
    const k = id();
    await factory('Grant').upsert(k, { jti: k, kind: 'Grant', accountId: 'a1' }, 60);
    expect(await factory('Grant').find(k)).toMatchObject({ accountId: 'a1' });
    expect(await factory('Session').find(k)).toBeUndefined();
  });
});
