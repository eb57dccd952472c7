#!/usr/bin/env bash
# The secret files compose.yaml mounts, made once under ./secrets/ (git- and docker-ignored):
# random passwords and secrets, the MySQL URL with the application password, and a key-encryption
# key ring. An existing file is never replaced: the KEK and the pairwise secret must not change
# once keys and accounts exist. Replace sms_gateway_secret with the gateway's real one.
set -euo pipefail
cd "$(dirname "$0")/.."
umask 077
mkdir -p secrets
chmod 700 secrets
random() { head -c "$1" /dev/urandom | base64 | tr -d '\n/+=' | head -c "$2"; }
secret() { # name content
  if [ -e "secrets/$1" ]; then echo "kept    secrets/$1"; return; fi
  printf '%s\n' "$2" >"secrets/$1"
  # The containers read them as their own users (node, mysql); the directory keeps others out.
  chmod 644 "secrets/$1"
  echo "created secrets/$1"
}
secret mysql_root_password "$(random 48 40)"
secret mysql_password "$(random 48 40)"
secret database_url "mysql://yinxin:$(cat secrets/mysql_password)@mysql:3306/yinxin"
secret session_secret "$(random 64 48)"
secret pairwise_secret "$(random 64 48)"
secret kek "kek-$(date -u +%F):$(head -c 32 /dev/urandom | base64)"
secret sms_gateway_secret "$(random 48 32)"
