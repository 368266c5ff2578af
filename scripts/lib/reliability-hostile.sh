# The hostile phase of scripts/reliability (sourced by it): every case of the hostile-input corpus (bench/'s
# HostileCorpus: malformed MIME, SMTP command abuse, IMAP abuse) played by bench/'s HostileInput against one server
# over TLS; after each case the server must still serve, no answer may carry a stack trace, a refused message must
# carry an enhanced status code, and what was accepted must be readable over IMAP. The heap is capped (512 MB), so
# an input the server tried to hold in memory would show as an error or a dead server.
# Then, when the build has the shared-record service, bench/'s HostileDeposits sends the record's box hostile archives
# around a real ANS CDA (zip bomb, path traversal, XXE and DTDs in METADATA.XML and in the CDA, a CDA that is not XML,
# two patients in one archive, 200 MB): each must be refused with an enhanced code at SMTP or answered by an MDN with
# an integration error (900-906), store no document, fetch nothing, and leave the server serving.
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
  local input_failures
  input_failures=$(awk -F'\t' '$3 != "clean" { n++ } END { print n + 0 }' "$out/results")
  local hwm alive=false
  kill -0 "$server_pid" 2>/dev/null && alive=true
  deposit_status=0
  if $alive; then
    hostile_deposits "$out"
    kill -0 "$server_pid" 2>/dev/null || alive=false
  fi
  hwm=$($alive && mb "$(status_kb "$server_pid" VmHWM)" || echo "?")
  local traces
  traces=$(grep -c -E '^\s+at [a-z]' "$work/hostile-server.log" || true)
  $alive && stop_server
  now_us t1
  local seconds=$(((t1 - t0) / 1000000))

  [ "$deposit_status" = 0 ] || failures+=("hostile: $deposit_status hostile deposit(s) to the record not handled cleanly")
  [ "$status" = 0 ] || failures+=("hostile: $input_failures case(s) not handled cleanly (status $status)")
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

# The record's hostile deposits (HostileDeposits) against the running hostile server, their lines appended to
# $1/results; sets deposit_status (the number of cases not clean, or a word when they could not run). Skipped, with
# a line saying so, when this build has no shared-record service or no ANS CDA sample in its test resources.
hostile_deposits() {
  local out=$1 cda facts fact domain record_box
  deposit_status=0
  if ! grep -q '"caducee.records.box"' "$root/server/src/main/java/fr/caducee/server/settings/Setting.java"; then
    printf 'record-deposits\tnot run: this build has no shared-record service\tskipped\t-\n' >>"$out/results"
    return 0
  fi
  cda=$(find "$root" -path '*/src/test/resources/*' -name 'CR_Radio_CDAN1_v1.XML' -not -path '*/target/*' | sort | head -n 1)
  if [ -z "$cda" ]; then
    printf 'record-deposits\tnot run: no ANS CDA sample (CR_Radio_CDAN1_v1.XML) in the test resources\tskipped\t-\n' >>"$out/results"
    return 0
  fi
  read -r -a facts < <(java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.CdaSample "$cda")
  declare -A sample=()
  for fact in "${facts[@]}"; do sample[${fact%%=*}]=${fact#*=}; done
  # The record's box: caducee.records.box, by default dmp@<default domain>.
  domain=$(sed -n 's/^caducee\.defaultDomain=//p' "$config_dir/caducee.properties" | tail -n 1)
  record_box=$(sed -n 's/^caducee\.records\.box=//p' "$config_dir/caducee.properties" | tail -n 1)
  [ -n "$record_box" ] || record_box=dmp@${domain:-caducee.localhost}
  webadmin_put "/domains/patient.$reliability_domain"
  webadmin_put "/directory/professionals/${sample[author]}" '{"lastName":"AUTEUR","firstName":"Hostile","professionCode":"10"}' 200 201
  webadmin_put "/directory/patients/${sample[ins]}" "{\"lastName\":\"${sample[family]//_/ }\",\"firstName\":\"${sample[given]//_/ }\",\"birthDate\":\"${sample[birth]}\",\"domain\":\"$reliability_domain\"}" 200 201
  (umask 077 && echo "sender@$reliability_domain $reliability_password" >"$out/deposit-sender.txt")
  run_client "$out/deposits" java -Xmx1g -cp "$bench_jar:$root/bench/target/lib/*:$root/server/target/lib/*" \
    fr.caducee.bench.HostileDeposits --port "$submission_port" --imaps-port "$imaps_port" \
    --ca "$work/hostile-data/pki/dev-root-ca.pem" --boxes "$out/deposit-sender.txt" --to "$record_box" --cda "$cda" \
    --data "$work/hostile-data" --pid "$server_pid" --large yes
  cat "$out/deposits" >>"$out/results"
  deposit_status=$(awk -F'\t' '$3 != "clean" { n++ } END { print n + 0 }' "$out/deposits")
  [ "$client_status" = 0 ] || [ "$deposit_status" != 0 ] || deposit_status="the run stopped (status $client_status)"
}
