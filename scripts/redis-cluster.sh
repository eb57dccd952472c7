#!/usr/bin/env bash
# A local Redis Cluster of three masters on loopback, for the contract and two-instance tests:
#   scripts/redis-cluster.sh start DIR [FIRST_PORT]   # ports FIRST_PORT..FIRST_PORT+2 (default 7001)
#   scripts/redis-cluster.sh stop DIR
# Uses the machine's redis-server and redis-cli; nothing is persisted (no RDB, no AOF). Prints the
# node list for TEST_REDIS_CLUSTER_NODES on start.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"; first="${3:-7001}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then echo "usage: $0 start|stop DIR [FIRST_PORT]" >&2; exit 2; fi
ports=("$first" "$((first + 1))" "$((first + 2))")

case "$cmd" in
  start)
    mkdir -p "$dir"
    for p in "${ports[@]}"; do
      if redis-cli -p "$p" ping >/dev/null 2>&1; then echo "port $p is taken by a running Redis" >&2; exit 1; fi
      mkdir -p "$dir/$p"
      redis-server --port "$p" --bind 127.0.0.1 --dir "$dir/$p" --daemonize yes \
        --pidfile "$dir/$p/redis.pid" --logfile "$dir/$p/redis.log" \
        --cluster-enabled yes --cluster-config-file "$dir/$p/nodes.conf" --cluster-node-timeout 2000 \
        --save '' --appendonly no
    done
    for p in "${ports[@]}"; do
      for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
    done
    redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >"$dir/create.log"
    # Usable once every node agrees that all slots are served.
    for _ in $(seq 1 100); do
      ok=0
      for p in "${ports[@]}"; do redis-cli -p "$p" cluster info | grep -q 'cluster_state:ok' && ok=$((ok + 1)); done
      [ "$ok" -eq 3 ] && break
      sleep 0.1
    done
    if [ "$ok" -ne 3 ]; then echo "the cluster did not reach state ok (see $dir/*/redis.log)" >&2; exit 1; fi
    (IFS=,; echo "${ports[*]/#/127.0.0.1:}")
    ;;
  stop)
    for p in "${ports[@]}"; do
      if [ -f "$dir/$p/redis.pid" ]; then
        kill "$(cat "$dir/$p/redis.pid")" 2>/dev/null || true
      fi
    done
    for p in "${ports[@]}"; do
      for _ in $(seq 1 50); do [ -f "$dir/$p/redis.pid" ] && kill -0 "$(cat "$dir/$p/redis.pid")" 2>/dev/null || break; sleep 0.1; done
      rm -rf "${dir:?}/$p"
    done
    rm -f "$dir/create.log"
    ;;
  *) echo "usage: $0 start|stop DIR [FIRST_PORT]" >&2; exit 2 ;;
esac
