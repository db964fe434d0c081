#!/usr/bin/env bash
# Starts `consult serve` with the demo on a fresh SQLite database, serving frontend/dist.
# Usage: scripts/demo-server.sh PORT   (accounts and passwords: /tmp/consult-demo-PORT/accounts.txt)
set -euo pipefail
port="${1:?port}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${CONSULT_BIN:-$root/target/debug/consult}"
dir="/tmp/consult-demo-$port"
rm -rf "$dir" && mkdir -p "$dir"
export DATABASE_URL="sqlite://$dir/consult.db?mode=rwc" CONSULT_MAIL_DIR="$dir/mail"
"$bin" demo > "$dir/accounts.txt"
cat "$dir/accounts.txt"
exec env CONSULT_LISTEN="127.0.0.1:$port" CONSULT_PUBLIC_URL="http://127.0.0.1:$port" \
  CONSULT_STATIC_DIR="$root/frontend/dist" "$bin" serve
