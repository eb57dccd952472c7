// Which Redis a REDIS_URL names: one server (`redis://[user:pass@]host:port[/db]`) or a Redis
// Cluster, named by several of its nodes (`redis://[user:pass@]host1:port1,host2:port2,…`). The
// nodes listed are only where the client first asks for the cluster's layout: it finds the
// others itself, so two or three reachable nodes are enough.

export type RedisTarget =
  | { kind: 'server'; url: string }
  | { kind: 'cluster'; nodes: string[]; tls: boolean; username?: string; password?: string };

const MULTI_HOST = /^(rediss?):\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/@?#]+)\/?$/;

/** The target of a Redis URL; throws a RangeError on a node list that is not host:port,… */
export function redisTarget(url: string): RedisTarget {
  const m = MULTI_HOST.exec(url);
  if (!m || !(m[4] as string).includes(',')) return { kind: 'server', url };
  const [, scheme, user, pass, hosts] = m as unknown as [string, string, string | undefined, string | undefined, string];
  const nodes = hosts.split(',').map((h) => h.trim()).filter(Boolean);
  for (const node of nodes) {
    if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(node)) throw new RangeError(`Redis Cluster node "${node}" is not host:port`);
  }
  return {
    kind: 'cluster',
    nodes: nodes.map((n) => `${scheme}://${n}`),
    tls: scheme === 'rediss',
    ...(user ? { username: decodeURIComponent(user) } : {}),
    ...(pass ? { password: decodeURIComponent(pass) } : {}),
  };
}
