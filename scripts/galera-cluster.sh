#!/usr/bin/env bash
# A local MariaDB Galera cluster of three nodes on loopback, for the SQL contract, two-instance and
# concurrent audit tests:
#   scripts/galera-cluster.sh start DIR [FIRST_PORT]   # SQL ports FIRST_PORT..FIRST_PORT+2 (default 3311)
#   scripts/galera-cluster.sh stop DIR [FIRST_PORT]
# Galera's own ports follow GALERA_FIRST_PORT (default 4571): group communication G..G+2,
# incremental state transfer G+10..G+12, full state transfer (rsync) G+20..G+22.
# Uses the machine's mariadbd, mariadb-install-db and Galera 4 provider (Debian: galera-4, rsync);
# each node has its own data directory under DIR and reads no other configuration. The first node
# starts a new cluster, the others join it by rsync state transfer. root on 127.0.0.1 has no
# password and a database `test` exists. Prints the node URLs for TEST_GALERA_URLS on start.
set -euo pipefail
cmd="${1:-}"; dir="${2:-}"; first="${3:-3311}"
gfirst="${GALERA_FIRST_PORT:-4571}"
provider="${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
mariadbd="${MARIADBD:-$(command -v mariadbd || echo /usr/sbin/mariadbd)}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then echo "usage: $0 start|stop DIR [FIRST_PORT]" >&2; exit 2; fi
nodes=(1 2 3)
sql_port() { echo $((first + $1 - 1)); }
gcomm_port() { echo $((gfirst + $1 - 1)); }
ist_port() { echo $((gfirst + 10 + $1 - 1)); }
sst_port() { echo $((gfirst + 20 + $1 - 1)); }
client() { mariadb --protocol=tcp -h127.0.0.1 -P"$(sql_port "$1")" -uroot -N -B -e "$2"; }
status() { client "$1" "SHOW GLOBAL STATUS LIKE '$2'" 2>/dev/null | cut -f2; }
taken() { timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

write_config() { # node
  local n=$1 d="$dir/node$1"
  local members
  members="127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2),127.0.0.1:$(gcomm_port 3)"
  cat >"$d/my.cnf" <<EOF
[mysqld]
user = root
datadir = $d/data
socket = $d/mysqld.sock
pid-file = $d/mysqld.pid
log-error = $d/error.log
port = $(sql_port "$n")
bind-address = 127.0.0.1
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
sql_mode = STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION
max_allowed_packet = 16M
max_connections = 300
default_storage_engine = InnoDB
innodb_buffer_pool_size = 64M
innodb_log_file_size = 16M
innodb_flush_log_at_trx_commit = 2
innodb_autoinc_lock_mode = 2
binlog_format = ROW
wsrep_on = ON
wsrep_provider = $provider
wsrep_cluster_name = yinxin_test
wsrep_cluster_address = gcomm://$members
wsrep_node_name = node$n
wsrep_node_address = 127.0.0.1:$(gcomm_port "$n")
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n");gcache.size=32M;evs.send_window=512;evs.user_send_window=512"
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$(sst_port "$n")
wsrep_slave_threads = 2

[client]
socket = $d/mysqld.sock
EOF
}

start_node() { # node [extra mariadbd arguments]
  local n=$1; shift
  local d="$dir/node$n"
  # Its own process group, detached from this script's standard streams.
  setsid "$mariadbd" --defaults-file="$d/my.cnf" "$@" </dev/null >>"$d/error.log" 2>&1 &
  echo $! >"$d/launch.pid"
}

wait_synced() { # node seconds
  local n=$1 limit=$(($2 * 5))
  for _ in $(seq 1 "$limit"); do
    if [ "$(status "$n" wsrep_ready)" = ON ] && [ "$(status "$n" wsrep_local_state_comment)" = Synced ]; then return 0; fi
    kill -0 "$(cat "$dir/node$n/launch.pid")" 2>/dev/null || break
    sleep 0.2
  done
  echo "Galera node $n did not become ready; the end of $dir/node$n/error.log:" >&2
  tail -n 30 "$dir/node$n/error.log" >&2
  return 1
}

case "$cmd" in
  start)
    [ -x "$mariadbd" ] || { echo "no mariadbd at $mariadbd" >&2; exit 1; }
    [ -f "$provider" ] || { echo "no Galera provider at $provider (Debian: apt-get install galera-4)" >&2; exit 1; }
    command -v rsync >/dev/null || { echo "rsync is needed for state transfer" >&2; exit 1; }
    for n in "${nodes[@]}"; do
      for p in "$(sql_port "$n")" "$(gcomm_port "$n")" "$(ist_port "$n")" "$(sst_port "$n")"; do
        if taken "$p"; then echo "port $p is taken" >&2; exit 1; fi
      done
    done
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    # rsync's daemon on a joiner receives as the user nobody when started by root: it must reach
    # and write the joiners' data directories.
    chmod 0755 "$dir"
    for n in "${nodes[@]}"; do
      mkdir -p "$dir/node$n/data"
      chmod 0755 "$dir/node$n"
      write_config "$n"
    done
    chown nobody "$dir/node2/data" "$dir/node3/data"
    # Only the first node is initialised; the others receive its data when they join.
    mariadb-install-db --defaults-file="$dir/node1/my.cnf" --auth-root-authentication-method=normal \
      --skip-test-db --wsrep-on=OFF >"$dir/node1/install.log" 2>&1 \
      || { echo "mariadb-install-db failed (see $dir/node1/install.log)" >&2; exit 1; }
    start_node 1 --wsrep-new-cluster
    wait_synced 1 60
    client 1 "CREATE DATABASE IF NOT EXISTS test; CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
    # Both join at once; a node waits for a free donor when the first node is serving the other.
    start_node 2
    start_node 3
    wait_synced 2 180
    wait_synced 3 180
    size=$(status 1 wsrep_cluster_size)
    if [ "$size" != 3 ]; then echo "the cluster has $size nodes, not 3" >&2; exit 1; fi
    urls=()
    for n in "${nodes[@]}"; do urls+=("mysql://root@127.0.0.1:$(sql_port "$n")/test"); done
    (IFS=,; echo "${urls[*]}")
    ;;
  stop)
    # The joiners first, the first node last, so that it could start the cluster again.
    for n in 3 2 1; do
      pidfile="$dir/node$n/launch.pid"
      if [ -f "$pidfile" ]; then
        pid=$(cat "$pidfile")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
      fi
    done
    for n in "${nodes[@]}"; do rm -rf "${dir:?}/node$n"; done
    ;;
  *) echo "usage: $0 start|stop DIR [FIRST_PORT]" >&2; exit 2 ;;
esac
