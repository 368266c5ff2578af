# The crash phase of scripts/reliability (sourced by it): kill -9 the server at random moments under a steady
# submission load, restart it each time on the same data folder, then check over IMAP that every message the server
# acknowledged with a 250 is in the recipient's INBOX, and in the audit trail as accepted.
# Uses the variables and helpers of scripts/reliability and lib/bench-common.sh.
# shellcheck shell=bash

# Boxes and load of the mail phases (crash, soak): a domain, a sender and a recipient with passwords.
reliability_boxes() {
  reliability_domain=reliability.localhost
  reliability_password=reliability-$RANDOM$RANDOM
  webadmin_put "/domains/$reliability_domain"
  add_box "sender@$reliability_domain" "$reliability_password" 1
  add_box "recipient@$reliability_domain" "$reliability_password" 2
}

# kill -9 of the running server, then the same server started again on data $1 (same ports), log $2.
crash_and_restart() {
  kill -KILL "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  wait "$drain_pid" 2>/dev/null || true
  server_pid="" drain_pid=""
  start_server "$1" "$2"
}

phase_crash() {
  local kills=${RELIABILITY_CRASH_KILLS:-20} data=$work/crash-data log=$work/crash-server.log
  [[ $kills =~ ^[1-9][0-9]*$ ]] || fail "RELIABILITY_CRASH_KILLS must be a positive integer"
  echo "== crash: kill -9 ×$kills under a steady submission load, restart each time, then every acknowledged message checked over IMAP"
  local t0 t1
  now_us t0
  pick_ports
  start_server "$data" "$log"
  reliability_boxes
  local ca=$data/pki/dev-root-ca.pem out=$work/crash
  mkdir -p "$out"
  java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.CrashLoad --port "$submission_port" --ca "$ca" \
    --from "sender@$reliability_domain" --password "$reliability_password" --to "recipient@$reliability_domain" \
    --acked "$out/acked" --unanswered "$out/unanswered" --refused "$out/refused" --stop-file "$out/stop" \
    --connections 4 >"$out/load.out" 2>"$out/load.err" &
  local load_pid=$!
  extra_pids+=" $load_pid"

  # Each kill comes 3 to 12 s after the server said ready, so it falls at a random point of the load: in a
  # transaction, between the spool and the mailbox, in a database commit, in an audit group commit...
  local i delay restarts=() acked_before
  for ((i = 1; i <= kills; i++)); do
    delay=$((3 + RANDOM % 10))
    pause "$delay"
    acked_before=$(wc -l <"$out/acked")
    crash_and_restart "$data" "$log"
    restarts+=("$ready_ms")
    printf '  kill %2d after %2d s (%s acknowledged so far), ready again in %s ms\n' "$i" "$delay" "$acked_before" "$ready_ms"
  done
  pause 5
  touch "$out/stop"
  wait "$load_pid" || true
  local load
  load=$(tail -n 1 "$out/load.out")
  echo "  load: $load"

  local check_status=0
  java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.CrashCheck --imaps-port "$imaps_port" --ca "$ca" \
    --user "recipient@$reliability_domain" --password "$reliability_password" --acked "$out/acked" \
    --unanswered "$out/unanswered" >"$out/check.out" 2>&1 || check_status=$?
  sed 's/^/  check: /' "$out/check.out"
  local check
  check=$(grep -m 1 '^acked=' "$out/check.out" || true)
  [ -n "$check" ] || { failures+=("crash: the IMAP check did not complete (status $check_status)"); }

  # The audit trail: every acknowledged message has its ACCEPTED record (written before the 250).
  webadmin_curl -sf "http://127.0.0.1:$webadmin_port/audit/export?from=$(date -u +%F)&to=$(date -u +%F)" >"$out/audit.jsonl" \
    || failures+=("crash: the audit trail could not be exported")
  jq -r 'select(.decision == "ACCEPTED") | .messageId // empty' "$out/audit.jsonl" \
    | sed -n 's/^<crash-\([0-9]*\)@.*/\1/p' | sort -u >"$out/audited"
  local unaudited
  unaudited=$(sort -u "$out/acked" | comm -23 - "$out/audited" | wc -l)
  # And the trail counts only what happened: one ACCEPTED record per message, each for a message delivered.
  local recorded_twice phantom
  recorded_twice=$(jq -r 'select(.decision == "ACCEPTED") | .messageId // empty' "$out/audit.jsonl" \
    | sed -n '/^<crash-/p' | sort | uniq -d | wc -l)
  jq -r 'select(.decision == "DELIVERED") | .messageId // empty' "$out/audit.jsonl" \
    | sed -n 's/^<crash-\([0-9]*\)@.*/\1/p' | sort -u >"$out/delivered-audited"
  phantom=$(comm -23 "$out/audited" "$out/delivered-audited" | wc -l)
  stop_server
  now_us t1
  local seconds=$(((t1 - t0) / 1000000))

  local acked lost duplicated extra unanswered delivered_unanswered refused
  acked=$(kv acked "$check") lost=$(kv lost "$check") duplicated=$(kv duplicated "$check")
  extra=$(kv extra_copies "$check") unanswered=$(kv unanswered "$check")
  delivered_unanswered=$(kv unanswered_delivered "$check") refused=$(kv refused "$load")
  [ "$check_status" = 0 ] && [ "${lost:-1}" = 0 ] || failures+=("crash: $lost acknowledged message(s) lost: $(grep '^lost:' "$out/check.out")")
  [ "$unaudited" = 0 ] || failures+=("crash: $unaudited acknowledged message(s) without their ACCEPTED audit record")
  [ "$recorded_twice" = 0 ] || failures+=("crash: $recorded_twice message(s) with more than one ACCEPTED record")
  [ "$phantom" = 0 ] || failures+=("crash: $phantom ACCEPTED record(s) for a message never delivered")
  # The documented window: a message being delivered when the server dies may be delivered again after the restart
  # (the mailbox commit came before the spool's acknowledgement), so at most one copy per spool thread per kill.
  local window=$((kills * ${RELIABILITY_SPOOL_THREADS:-8}))
  [ "${extra:-0}" -le "$window" ] || failures+=("crash: $extra extra copies, more than one per spool thread per kill ($window)")
  local answers
  answers=$(awk '{ print $2, $3 }' "$out/refused" | sort | uniq -c | awk '{ printf "%s%s × `%s %s`", sep, $1, $2, $3; sep = ", " }')
  local verdict=passed
  [[ " ${failures[*]} " == *" crash: "* ]] && verdict=failed

  local crash_table="| measure | result |
|---|---|
| kills (\`kill -9\`, 3 to 12 s after each start) | $kills |
| restart after a kill, to ready | median $(median "${restarts[@]}") ms (min $(printf '%s\n' "${restarts[@]}" | sort -n | head -n 1), max $(printf '%s\n' "${restarts[@]}" | sort -n | tail -n 1)) |
| messages acknowledged with \`250\` | $acked |
| acknowledged and missing from the INBOX | **${lost:-?}** |
| acknowledged without their \`ACCEPTED\` audit record | **$unaudited** |
| \`ACCEPTED\` records for a message never delivered; messages recorded twice | **$phantom**; **$recorded_twice** |
| delivered more than once (allowed: one per spool thread per kill, $window) | $duplicated message(s), $extra extra cop(y/ies) |
| sent but unanswered (the server died under them) | $unanswered, of which $delivered_unanswered delivered |
| refused with an SMTP answer (the client knows to send again) | $refused${answers:+: $answers} |"
  report_phase crash "$verdict" "$seconds" "$crash_table" "## Crash test" "- Load: \`CrashLoad\`, 4 submission connections (STARTTLS, AUTH), 4 KB messages without pause, reconnecting every
  200 ms while the server is down; server JVM \`$java_opts\`, the managed PostgreSQL (mailboxes and spool) and the embedded directory"
}

# The value of KEY in a line of key=value pairs.
kv() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }
