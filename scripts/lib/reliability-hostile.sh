# The hostile phase of scripts/reliability (sourced by it): every case of the hostile-input corpus (bench/'s
# HostileCorpus: malformed MIME, SMTP command abuse, IMAP abuse) played by bench/'s HostileInput against one server
# over TLS; after each case the server must still serve, no answer may carry a stack trace, a refused message must
# carry an enhanced status code, and what was accepted must be readable over IMAP. The heap is capped (512 MB), so
# an input the server tried to hold in memory would show as an error or a dead server.
# Uses the variables and helpers of scripts/reliability and lib/bench-common.sh and reliability_boxes.
# shellcheck shell=bash

phase_hostile() {
  local hostile_opts=${CADUCEE_HOSTILE_JAVA_OPTS:--Xms256m -Xmx512m}
  local corpus=$root/bench/hostile-corpus out=$work/hostile t0 t1
  echo "== hostile: the hostile-input corpus against a running server (heap capped: $hostile_opts)"
  mkdir -p "$out"
  now_us t0
  # The committed small cases must be what the generator writes, so that the corpus and its code never drift apart.
  java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.HostileCorpus --small "$out/small" >/dev/null
  if ! diff -r -q "$corpus" "$out/small" >"$out/drift"; then
    failures+=("hostile: bench/hostile-corpus differs from what HostileCorpus writes ($(head -n 1 "$out/drift")); regenerate it: java -cp \"bench/target/caducee-bench.jar:bench/target/lib/*\" fr.caducee.bench.HostileCorpus --small bench/hostile-corpus")
  fi
  java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.HostileCorpus --large "$out/large" >/dev/null
  local cases
  cases=$(find "$corpus" "$out/large" -type f | wc -l)

  pick_ports
  local saved_opts=$java_opts
  java_opts=$hostile_opts
  start_server "$work/hostile-data" "$work/hostile-server.log"
  java_opts=$saved_opts
  reliability_boxes
  local rss_before status=0
  rss_before=$(mb "$(status_kb "$server_pid" VmRSS)")
  run_client "$out/results" java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.HostileInput \
    --submission-port "$submission_port" --imaps-port "$imaps_port" --ca "$work/hostile-data/pki/dev-root-ca.pem" \
    --domain "$reliability_domain" --password "$reliability_password" --pid "$server_pid" \
    --corpus "$corpus" --corpus2 "$out/large"
  status=$client_status
  local hwm alive=false
  kill -0 "$server_pid" 2>/dev/null && alive=true
  hwm=$($alive && mb "$(status_kb "$server_pid" VmHWM)" || echo "?")
  local traces
  traces=$(grep -c -E '^\s+at [a-z]' "$work/hostile-server.log" || true)
  $alive && stop_server
  now_us t1
  local seconds=$(((t1 - t0) / 1000000))

  [ "$status" = 0 ] || failures+=("hostile: $(awk -F'\t' '$3 != "clean" { n++ } END { print n + 0 }' "$out/results") case(s) not handled cleanly (status $status)")
  $alive || failures+=("hostile: the server died")
  local rows
  rows=$(awk -F'\t' '{ gsub(/\|/, "\\|", $2); printf "| %s | %s | %s | %s |\n", $1, $2, $3, $4 }' "$out/results")
  local verdict=passed
  [[ " ${failures[*]} " == *" hostile: "* ]] && verdict=failed

  local hostile_table="| case | answer | verdict (server still serving, no stack trace, enhanced code on a refused message) | RSS after, MB |
|---|---|---|---|
${rows}

$cases cases. Server RSS before the corpus $rss_before MB, peak (VmHWM) $hwm MB with the heap capped at 512 MB;
stack traces in the server log (logged errors, never sent to a client): $traces lines."
  report_phase hostile "$verdict" "$seconds" "$hostile_table" "## Hostile input: the corpus" "- Server JVM \`$hostile_opts\`; corpus: \`bench/hostile-corpus/\` (committed) and the large cases \`HostileCorpus --large\` writes"
}
