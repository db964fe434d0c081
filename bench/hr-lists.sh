#!/usr/bin/env bash
# Load benchmark of HR's lists at a real consultation's size, with wrk, on PostgreSQL:
# the question log (150 questions) and the outbox (2,000 emails), a page at a time with the
# server's filters, side by side with the whole-list `questions` field the log page read
# before (issue 18).
#
#   bench/hr-lists.sh [seconds]      (default 10 s per run, at 1, 16 and 64 connections)
#
# Builds the release binary, makes a scratch database (consult_bench_lists) with the Bury
# demo, adds 150 questions (a third answered, many overdue, most owned by the demo's
# manager) and 2,000 emails (sent, pending and dead) by SQL to the demo's first proposal,
# beside what the demo gave it,
# starts `consult serve` and drives each query as HR. Prints req/s, p50 and p99.
# Needs PostgreSQL on CONSULT_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN="${1:-10}"
PG="${CONSULT_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
DB="consult_bench_lists"
PORT="${CONSULT_BENCH_PORT:-18081}"
PASSWORD="benchmark passphrase 1"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release -q
BIN=target/release/consult
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DATABASE_URL="$PG/$DB"
"$BIN" migrate >/dev/null 2>&1
"$BIN" demo >/dev/null
printf '%s' "$PASSWORD" | "$BIN" user add --email bench.hr@bury.example --name "Bench HR" \
  --role HR_ADMIN --password-stdin >/dev/null

PROPOSAL=$(psql "$DATABASE_URL" -Atc "SELECT id FROM proposal ORDER BY created_at LIMIT 1")
psql "$DATABASE_URL" -q <<SQL
INSERT INTO question (id, proposal_id, source, text, asker_id, asker_union, confidential, owner_id, raised_on,
                      due_on, answer, covers, answered_by, answered_at, published, version, created_at)
  SELECT gen_random_uuid(), '$PROPOSAL', CASE WHEN i % 4 = 0 THEN 'UNION' ELSE 'STAFF' END,
         'Question ' || i || ': will the caseload cap for post ' || i || ' be written into the job description?',
         (SELECT id FROM app_user WHERE email = 'caseworker@bury.example'),
         CASE WHEN i % 4 = 0 THEN 'UNISON' END, i % 7 = 0,
         CASE WHEN i % 5 <> 0 THEN (SELECT id FROM app_user WHERE email = 'strategic.lead@bury.example') END,
         current_date - 30 + i / 10, current_date - 20 + i / 5,
         CASE WHEN i % 3 = 0 THEN 'Yes: the cap of 120 cases is in section 4 of the job description.' END,
         '[]'::json, CASE WHEN i % 3 = 0 THEN (SELECT id FROM app_user WHERE email = 'strategic.lead@bury.example') END,
         CASE WHEN i % 3 = 0 THEN now() END, false, 1, now() - (150 - i) * interval '1 hour'
  FROM generate_series(1, 150) AS i;
INSERT INTO outbox_message (id, proposal_id, recipient_id, recipient_email, template, data, dedupe_key, statutory,
                            digest, due_at, status, attempts, last_error, sent_at, created_at, updated_at)
  SELECT gen_random_uuid(), '$PROPOSAL', NULL, 'employee' || (i % 300) || '@bury.example',
         (ARRAY['consultation_opened', 'meeting_invitation', 'question_answered', 'response_reminder'])[1 + i % 4],
         '{}'::json, 'bench-' || i, i % 4 = 0, false, now() - i * interval '1 minute',
         CASE WHEN i % 50 = 0 THEN 'DEAD' WHEN i % 10 = 0 THEN 'PENDING' ELSE 'SENT' END,
         CASE WHEN i % 50 = 0 THEN 5 ELSE 1 END, CASE WHEN i % 50 = 0 THEN '550 mailbox unavailable' END,
         CASE WHEN i % 10 <> 0 THEN now() - i * interval '1 minute' END,
         now() - i * interval '1 minute', now() - i * interval '1 minute'
  FROM generate_series(1, 2000) AS i;
ANALYZE;
SQL
echo "proposal $PROPOSAL: $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM question WHERE proposal_id = '$PROPOSAL'") questions, $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM outbox_message WHERE proposal_id = '$PROPOSAL'") emails"

CONSULT_LISTEN="127.0.0.1:$PORT" CONSULT_LOG=warn CONSULT_DB_MAX_CONNECTIONS=16 \
  CONSULT_MAIL_DIR="$(mktemp -d)" CONSULT_WORKER_POLL_SECONDS=3600 "$BIN" serve >/tmp/consult-bench-lists.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
TOKEN=$(curl -sf "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' \
  -d "{\"query\":\"mutation { login(input: {email: \\\"bench.hr@bury.example\\\", password: \\\"$PASSWORD\\\"}) { token } }\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["token"])')

QUESTION='number text status source dueOn raisedOn answer askedBy { name } askerUnion owner { name } themes { name }'
EMAIL='milestone recipientEmail status statutory attempts lastError dueAt sentAt createdAt'
declare -A QUERIES=(
  ["1 question log: whole list (questions, before)"]="query(\$id: ID!) { proposal(id: \$id) { questions { $QUESTION } } }"
  ["2 question log: first page of 25, counts"]="query(\$id: ID!) { proposal(id: \$id) { questionCounts { open overdue answered all unassigned } questionLog(first: 25, sort: OVERDUE_FIRST) { totalCount edges { node { $QUESTION } } } } }"
  ["3 question log: searched and filtered"]="query(\$id: ID!) { proposal(id: \$id) { questionCounts { open overdue answered all unassigned } questionLog(first: 25, filter: {status: OVERDUE, search: \"post 1\"}) { totalCount edges { node { $QUESTION } } } } }"
  ["4 outbox: first page of 25"]="query(\$id: ID!) { proposal(id: \$id) { outbox(first: 25) { totalCount edges { node { $EMAIL } } } } }"
  ["5 outbox: filtered by status and recipient"]="query(\$id: ID!) { proposal(id: \$id) { outbox(first: 25, filter: {status: DEAD, recipient: \"employee1\"}) { totalCount edges { node { $EMAIL } } } } }"
  ["6 outbox: last page (cursor at 1,975)"]="CURSOR"
)

LUA=$(mktemp --suffix .lua)
lua_for() {
  python3 - "$1" "$TOKEN" "$PROPOSAL" >"$LUA" <<'PY'
import json, sys
body = json.dumps({"query": sys.argv[1], "variables": {"id": sys.argv[3]}})
print('wrk.method = "POST"')
print('wrk.headers["content-type"] = "application/json"')
print('wrk.headers["authorization"] = "Bearer %s"' % sys.argv[2])
print('wrk.body = %s' % json.dumps(body))
PY
}
graphql() {
  python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "variables": {"id": sys.argv[2]}}))' "$1" "$PROPOSAL" \
    | curl -sf "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -d @-
}

echo "HR's lists, PostgreSQL, release build, ${SECONDS_PER_RUN}s per run"
for name in $(printf '%s\n' "${!QUERIES[@]}" | sort | tr ' ' '~'); do
  name="${name//\~/ }"
  query="${QUERIES[$name]}"
  if [ "$query" = CURSOR ]; then
    # The 80th page of 25: the cursor of the 1,975th email, read from the API.
    cursor=$(graphql "query(\$id: ID!) { proposal(id: \$id) { outbox(first: 100) { pageInfo { endCursor } } } }" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["proposal"]["outbox"]["pageInfo"]["endCursor"])')
    for _ in $(seq 1 18); do
      cursor=$(graphql "query(\$id: ID!) { proposal(id: \$id) { outbox(first: 100, after: \"$cursor\") { pageInfo { endCursor } } } }" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["proposal"]["outbox"]["pageInfo"]["endCursor"])')
    done
    query="query(\$id: ID!) { proposal(id: \$id) { outbox(first: 25, after: \"$cursor\") { totalCount edges { node { $EMAIL } } } } }"
  fi
  answer=$(graphql "$query")
  python3 -c 'import json,sys; b=json.loads(sys.argv[1]); assert "errors" not in b, b
p=b["data"]["proposal"]; k=[k for k in p if k in ("questions","questionLog","outbox")][0]; v=p[k]
print("%-48s %s" % (sys.argv[2], "%d rows" % len(v) if isinstance(v, list) else "%d of %d rows" % (len(v["edges"]), v["totalCount"])))' "$answer" "$name"
  lua_for "$query"
  for c in 1 16 64; do
    threads=$(( c < 2 ? 1 : 2 ))
    wrk -t"$threads" -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$LUA" "http://127.0.0.1:$PORT/graphql" >/tmp/wrk.out
    rps=$(awk '/Requests\/sec/ {print $2}' /tmp/wrk.out)
    p50=$(awk '$1=="50%" {print $2}' /tmp/wrk.out)
    p99=$(awk '$1=="99%" {print $2}' /tmp/wrk.out)
    errors=$(grep -E "Non-2xx|Socket errors" /tmp/wrk.out || true)
    printf '  %2d connections: %8s req/s  p50 %8s  p99 %8s %s\n' "$c" "$rps" "$p50" "$p99" "$errors"
  done
done
