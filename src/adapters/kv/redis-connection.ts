// One Redis server, a Redis Cluster or a server watched by Sentinel behind the same few
// commands, so that RedisKvStore works on any of them. Every command the store sends names one key, so a cluster routes each to the node
// serving that key's slot and none can fail with CROSSSLOT (see RedisKvStore).
import { createClient, createCluster, createSentinel } from 'redis';
import type { RedisTarget } from './redis-target.ts';

/** The commands RedisKvStore sends, each on one key. */
export interface RedisCommands {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: { expiration: { type: 'EX'; value: number } }): Promise<unknown>;
  del(key: string): Promise<number>;
  getDel(key: string): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  sMembers(key: string): Promise<string[]>;
}

export interface RedisConnection {
  commands: RedisCommands;
  isReady(): boolean;
  ping(): Promise<unknown>;
  close(): Promise<void>;
  destroy(): void;
}

export interface ConnectionEvents {
  /** A connection error (every failed reconnection attempt too). */
  error(err: unknown): void;
  /** A whole connection attempt failed (a cluster's: no listed node gave its layout). */
  attemptFailed(err: unknown): void;
  /** Connected and able to take commands. */
  ready(): void;
}

/** Longest pause between reconnection attempts while Redis is down. */
const MAX_RECONNECT_DELAY_MS = 2000;
const backoff = (retries: number) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS);

/** Client settings for every connection, to one server or to each node of a cluster. */
function clientDefaults(timeoutMs: number) {
  return {
    disableOfflineQueue: true,
    // The client's own per-command timeout makes an AbortSignal and a timer for every command
    // (which fire even after the reply); RedisKvStore bounds the wait instead, one timer for all.
    commandOptions: { timeout: 0 },
    socket: {
      connectTimeout: timeoutMs,
      // Never give up: the service must recover by itself when Redis returns.
      reconnectStrategy: backoff,
    },
  };
}

/** Connect in the background (retrying until closed); calls fail fast meanwhile. */
export function openRedis(target: RedisTarget, timeoutMs: number, on: ConnectionEvents): RedisConnection {
  if (target.kind === 'server') return openServer(target.url, timeoutMs, on);
  return target.kind === 'cluster' ? openCluster(target, timeoutMs, on) : openSentinel(target, timeoutMs, on);
}

/** Keeps calling `connect` with backoff until it succeeds or `closed()` says to stop. */
function keepConnecting(connect: () => Promise<unknown>, closed: () => boolean, on: ConnectionEvents): void {
  const attempt = (n: number): void => {
    if (closed()) return;
    connect().catch((err: unknown) => {
      on.attemptFailed(err);
      setTimeout(() => attempt(n + 1), backoff(n)).unref();
    });
  };
  attempt(0);
}

function openServer(url: string, timeoutMs: number, on: ConnectionEvents): RedisConnection {
  const client = createClient({ url, ...clientDefaults(timeoutMs) });
  // Without a listener an 'error' event would crash the process.
  client.on('error', (err: unknown) => {
    on.error(err);
    on.attemptFailed(err);
  });
  client.on('ready', () => on.ready());
  // connect() settles only when connected (it retries meanwhile) or when closed; errors were
  // already reported through 'error'.
  client.connect().catch(() => undefined);
  return {
    commands: client as unknown as RedisCommands,
    isReady: () => client.isReady,
    ping: () => client.ping(),
    close: () => client.close(),
    destroy: () => client.destroy(),
  };
}

function openCluster(target: Extract<RedisTarget, { kind: 'cluster' }>, timeoutMs: number, on: ConnectionEvents): RedisConnection {
  const defaults = {
    ...clientDefaults(timeoutMs),
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
  };
  const cluster = createCluster({
    rootNodes: target.nodes.map((url) => ({ url })),
    // Credentials and TLS reach the nodes the client discovers only through `defaults`.
    defaults: target.tls ? { ...defaults, socket: { ...defaults.socket, tls: true as const } } : defaults,
    commandOptions: { timeout: 0 },
  });
  // One listed node that does not answer is no failed attempt while another may: only connect()
  // failing says that (below).
  cluster.on('error', (err: unknown) => on.error(err));
  cluster.on('node-error', (err: unknown) => on.error(err));
  cluster.on('connect', () => on.ready());
  let closed = false;
  // Unlike a single client, the cluster client gives up when no listed node answers at first:
  // keep asking until one does (after that each node's client reconnects by itself).
  keepConnecting(() => cluster.connect(), () => closed, on);
  return {
    commands: cluster as unknown as RedisCommands,
    isReady: () => cluster.isReady,
    // PING names no key: the client sends it to any node.
    ping: () => cluster.sendCommand(undefined, true, ['PING']),
    close: () => { closed = true; return cluster.close(); },
    destroy: () => { closed = true; cluster.destroy(); },
  };
}

function openSentinel(target: Extract<RedisTarget, { kind: 'sentinel' }>, timeoutMs: number, on: ConnectionEvents): RedisConnection {
  const defaults = clientDefaults(timeoutMs);
  const socket = target.tls ? { ...defaults.socket, tls: true as const } : defaults.socket;
  const sentinel = createSentinel({
    name: target.name,
    sentinelRootNodes: target.sentinels,
    nodeClientOptions: {
      ...defaults, socket,
      ...(target.username ? { username: target.username } : {}),
      ...(target.password ? { password: target.password } : {}),
    },
    sentinelClientOptions: { ...defaults, socket },
    commandOptions: { timeout: 0 },
  });
  sentinel.on('error', (err: unknown) => on.error(err));
  sentinel.on('ready', () => on.ready());
  let closed = false;
  // Like the cluster client, it gives up when no sentinel answers at first.
  keepConnecting(() => sentinel.connect(), () => closed, on);
  return {
    commands: sentinel as unknown as RedisCommands,
    isReady: () => sentinel.isReady,
    ping: () => sentinel.sendCommand(false, ['PING']),
    close: () => { closed = true; return sentinel.close(); },
    destroy: () => { closed = true; void sentinel.destroy(); },
  };
}
