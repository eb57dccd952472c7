// Which Redis a REDIS_URL names: one server (`redis://[user:pass@]host:port[/db]`) or a Redis
// Cluster, named by several of its nodes (`redis://[user:pass@]host1:port1,host2:port2,…`). The
// nodes listed are only where the client first asks for the cluster's layout: it finds the
// others itself, so two or three reachable nodes are enough. Or a server watched by Redis
// Sentinel (`redis+sentinel://[user:pass@]host1:port1,host2:port2/MASTER_NAME`): the sentinels
// listed say which server is the master now, and the client follows a failover to the new one.
// The credentials are the data servers'; the sentinels are asked without any.

export type RedisTarget =
  | { kind: 'server'; url: string }
  | { kind: 'cluster'; nodes: string[]; tls: boolean; username?: string; password?: string }
  | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; name: string; tls: boolean; username?: string; password?: string };

const MULTI_HOST = /^(rediss?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@?#]+)\/?$/;

const SENTINEL = /^(rediss?)\+sentinel:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@?#]+)\/([A-Za-z0-9._-]{1,100})\/?$/;
const NODE = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

const credentials = (user: string | undefined, pass: string | undefined) => ({
  ...(user ? { username: decodeURIComponent(user) } : {}),
  ...(pass ? { password: decodeURIComponent(pass) } : {}),
});

/** host:port,… as a list; throws a RangeError on an entry that is not host:port. */
function nodeList(hosts: string, what: string): string[] {
  const nodes = hosts.split(',').map((h) => h.trim()).filter(Boolean);
  for (const node of nodes) {
    if (!NODE.test(node)) throw new RangeError(`${what} "${node}" is not host:port`);
  }
  return nodes;
}

/** The target of a Redis URL; throws a RangeError on a node list that is not host:port,… */
export function redisTarget(url: string): RedisTarget {
  if (url.includes('+sentinel:')) {
    const sentinel = SENTINEL.exec(url);
    if (!sentinel) throw new RangeError('a Redis Sentinel URL is redis+sentinel://host:port[,host:port…]/MASTER_NAME');
    const [, scheme, user, pass, hosts, name] = sentinel as unknown as [string, string, string | undefined, string | undefined, string, string];
    const sentinels = nodeList(hosts, 'Redis Sentinel').map((n) => {
      const [, host, port] = NODE.exec(n) as unknown as [string, string, string];
      return { host: host.replace(/^\[|\]$/g, ''), port: Number(port) };
    });
    return { kind: 'sentinel', sentinels, name, tls: scheme === 'rediss', ...credentials(user, pass) };
  }
  const m = MULTI_HOST.exec(url);
  if (!m || !(m[4] as string).includes(',')) return { kind: 'server', url };
  const [, scheme, user, pass, hosts] = m as unknown as [string, string, string | undefined, string | undefined, string];
  const nodes = nodeList(hosts, 'Redis Cluster node');
  return { kind: 'cluster', nodes: nodes.map((n) => `${scheme}://${n}`), tls: scheme === 'rediss', ...credentials(user, pass) };
}
