import { describe, expect, it } from 'vitest';
import { redisTarget } from '../../src/adapters/kv/redis-target.ts';

describe('redisTarget', () => {
  it('takes a URL with one host as one server, as given', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://:pw@cache:6380/2', 'redis://cache']) {
      expect(redisTarget(url)).toEqual({ kind: 'server', url });
    }
  });

  it('takes several host:port as the nodes of a cluster, with the credentials and TLS for every node', () => {
    expect(redisTarget('rediss://app:p%40ss@10.0.0.1:7001,10.0.0.2:7002,[fd00::3]:7003')).toEqual({
      kind: 'cluster', tls: true, username: 'app', password: 'p@ss',
      nodes: ['rediss://10.0.0.1:7001', 'rediss://10.0.0.2:7002', 'rediss://[fd00::3]:7003'],
    });
    expect(redisTarget('redis://a:7001,b:7002')).toEqual({ kind: 'cluster', tls: false, nodes: ['redis://a:7001', 'redis://b:7002'] });
  });

  it('refuses a node without a port', () => {
    expect(() => redisTarget('redis://a:7001,b')).toThrow(/"b" is not host:port/);
  });

  it('takes redis+sentinel:// as the sentinels watching a named master, credentials for the data servers', () => {
    expect(redisTarget('redis+sentinel://:pw%21@10.0.0.1:26379,[fd00::2]:26380/yinxin-kv')).toEqual({
      kind: 'sentinel', tls: false, password: 'pw!', name: 'yinxin-kv',
      sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: 'fd00::2', port: 26380 }],
    });
    expect(redisTarget('rediss+sentinel://s1:26379/m')).toEqual({ kind: 'sentinel', tls: true, name: 'm', sentinels: [{ host: 's1', port: 26379 }] });
  });

  it('refuses a Sentinel URL without a master name or with a sentinel without a port', () => {
    expect(() => redisTarget('redis+sentinel://s1:26379')).toThrow(/MASTER_NAME/);
    expect(() => redisTarget('redis+sentinel://s1:26379,s2/m')).toThrow(/"s2" is not host:port/);
  });
});
