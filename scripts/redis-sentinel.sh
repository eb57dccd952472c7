#!/usr/bin/env bash
# A local Redis master with one replica, watched by three sentinels (quorum 2), on loopback, for
# the contract and failover tests of REDIS_URL=redis+sentinel://…:
#   scripts/redis-sentinel.sh start DIR [FIRST_PORT]   # master FIRST_PORT, replica +1, sentinels +2..+4 (default 7101)
#   scripts/redis-sentinel.sh stop DIR [FIRST_PORT]
# Uses the machine's redis-server (in sentinel mode) and redis-cli; nothing is persisted. Prints
# the sentinels and the master's name, as REDIS_URL takes them after redis+sentinel://, on start.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"; first="${3:-7101}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then echo "usage: $0 start|stop DIR [FIRST_PORT]" >&2; exit 2; fi
name=yinxin
master=$first; replica=$((first + 1))
sentinels=("$((first + 2))" "$((first + 3))" "$((first + 4))")
all=("$master" "$replica" "${sentinels[@]}")

wait_ping() { for _ in $(seq 1 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "redis on port $1 did not start (see $dir/$1/redis.log)" >&2; return 1; }

case "$cmd" in
  start)
    for p in "${all[@]}"; do
      if redis-cli -p "$p" ping >/dev/null 2>&1; then echo "port $p is taken by a running Redis" >&2; exit 1; fi
      mkdir -p "$dir/$p"
    done
    for p in "$master" "$replica"; do
      extra=()
      [ "$p" = "$replica" ] && extra=(--replicaof 127.0.0.1 "$master")
      redis-server --port "$p" --bind 127.0.0.1 --dir "$dir/$p" --daemonize yes \
        --pidfile "$dir/$p/redis.pid" --logfile "$dir/$p/redis.log" --save '' --appendonly no "${extra[@]}"
      wait_ping "$p"
    done
    for p in "${sentinels[@]}"; do
      # Sentinel rewrites its own configuration file, so each has one in its folder.
      cat >"$dir/$p/sentinel.conf" <<CONF
port $p
bind 127.0.0.1
daemonize yes
pidfile $dir/$p/redis.pid
logfile $dir/$p/redis.log
dir $dir/$p
sentinel monitor $name 127.0.0.1 $master 2
sentinel down-after-milliseconds $name 1000
sentinel failover-timeout $name 5000
sentinel parallel-syncs $name 1
CONF
      redis-server "$dir/$p/sentinel.conf" --sentinel
      wait_ping "$p"
    done
    # Usable once every sentinel knows the replica and the other sentinels.
    for _ in $(seq 1 100); do
      ok=0
      for p in "${sentinels[@]}"; do
        info=$(redis-cli -p "$p" sentinel master "$name" 2>/dev/null | paste - - | tr '\t' ' ')
        echo "$info" | grep -q '^num-slaves 1$' && echo "$info" | grep -q '^num-other-sentinels 2$' && ok=$((ok + 1))
      done
      [ "$ok" -eq 3 ] && break
      sleep 0.2
    done
    if [ "$ok" -ne 3 ]; then echo "the sentinels did not find each other and the replica (see $dir/*/redis.log)" >&2; exit 1; fi
    (IFS=,; echo "${sentinels[*]/#/127.0.0.1:}/$name")
    ;;
  stop)
    for p in "${all[@]}"; do
      if [ -f "$dir/$p/redis.pid" ]; then kill "$(cat "$dir/$p/redis.pid")" 2>/dev/null || true; fi
    done
    for p in "${all[@]}"; do
      for _ in $(seq 1 50); do [ -f "$dir/$p/redis.pid" ] && kill -0 "$(cat "$dir/$p/redis.pid")" 2>/dev/null || break; sleep 0.1; done
      rm -rf "${dir:?}/$p"
    done
    ;;
  *) echo "usage: $0 start|stop DIR [FIRST_PORT]" >&2; exit 2 ;;
esac
