# The soak phase of scripts/reliability (sourced by it): a mixed SMTP and IMAP load for 30 minutes (bench/'s
# SoakLoad), the server's RSS, open files and threads sampled every 30 s; the slope of each over the second half of
# the run (after the warm-up) must be flat. The heap is fixed and touched at start (-Xms = -Xmx, AlwaysPreTouch), so
# that RSS growth means memory outside the heap (threads, buffers, code, native leaks) and not the heap filling up.
# Uses the variables and helpers of scripts/reliability and lib/bench-common.sh and reliability_boxes.
# shellcheck shell=bash

# The live heap in MB: a full collection first (jcmd GC.run), then the old generation's occupancy (jstat's OU
# column), which then holds what survived; 0 if jstat cannot tell. Without the collection the old generation rises
# and falls by a hundred megabytes between G1's mixed collections, and its trend says nothing. The collection costs
# the server a pause of a fraction of a second every sample.
live_heap_mb() {
  jcmd "$1" GC.run >/dev/null 2>&1 || true
  jstat -gc "$1" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "OU") c = i } NR == 2 && c { printf "%d\n", $c / 1024; found = 1 } END { if (!found) print 0 }'
}

# live_instances PID CLASS: objects of CLASS still reachable in the JVM PID (jcmd collects garbage, then counts).
live_instances() {
  jcmd "$1" GC.class_histogram 2>/dev/null | awk -v c="$2" '$4 == c { n += $2 } END { print n + 0 }'
}

# least_squares FILE COLUMN FROM_ROW: "slope_per_hour mean" of column COLUMN against column 1 (seconds), rows >= FROM_ROW.
least_squares() {
  awk -v col="$2" -v from="$3" 'NR >= from { n++; x = $1; y = $col; sx += x; sy += y; sxx += x * x; sxy += x * y }
    END { d = n * sxx - sx * sx; slope = d ? (n * sxy - sx * sy) / d : 0; printf "%.2f %.1f\n", slope * 3600, sy / n }' "$1"
}

# thread_pools PID: the JVM's threads grouped by name with the numbers left out ("pool-N-thread-N"), a count each,
# tab-separated and sorted for join.
thread_pools() {
  jcmd "$1" Thread.print 2>/dev/null | sed -n 's/^"\([^"]*\)".*/\1/p' | sed -E 's/[0-9]+/N/g' | LC_ALL=C sort \
    | LC_ALL=C uniq -c | awk '{ n = $1; $1 = ""; sub(/^ /, ""); printf "%s\t%d\n", $0, n }' | LC_ALL=C sort -t $'\t' -k1,1
}

phase_soak() {
  local minutes=${RELIABILITY_SOAK_MINUTES:-30} every=${RELIABILITY_SOAK_SAMPLE_SECONDS:-30}
  # The mailbox is kept at this many messages: a SEARCH holds the whole mailbox while it runs (James's scan search
  # loads every message), so in a mailbox growing all along the heap would grow with it, leak or not.
  local keep=1000
  local soak_opts=${CADUCEE_SOAK_JAVA_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}
  [[ $minutes =~ ^[1-9][0-9]*$ && $every =~ ^[1-9][0-9]*$ ]] || fail "RELIABILITY_SOAK_MINUTES and RELIABILITY_SOAK_SAMPLE_SECONDS must be positive integers"
  echo "== soak: $minutes min of mixed SMTP and IMAP load; RSS, open files and threads every $every s"
  local data=$work/soak-data log=$work/soak-server.log out=$work/soak t0 t1
  mkdir -p "$out"
  now_us t0
  pick_ports
  local saved_opts=$java_opts
  java_opts=$soak_opts
  start_server "$data" "$log"
  java_opts=$saved_opts
  reliability_boxes
  java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.SoakLoad --submission-port "$submission_port" \
    --imaps-port "$imaps_port" --ca "$data/pki/dev-root-ca.pem" --from "sender@$reliability_domain" \
    --to "recipient@$reliability_domain" --password "$reliability_password" --seconds $((minutes * 60)) \
    --rate 10 --submitters 2 --readers 2 --per-connection 50 --keep "$keep" >"$out/load.out" 2>"$out/load.err" &
  local load_pid=$!
  extra_pids+=" $load_pid"

  # seconds since start, RSS MB, open files, threads, CPU seconds, live heap MB (after a full collection: the heap's
  # trend, which RSS cannot show with the heap touched at start)
  local start_s=$SECONDS clk_tck
  clk_tck=$(getconf CLK_TCK)
  : >"$out/samples"
  while kill -0 "$load_pid" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { failures+=("soak: the server died (log: last lines above)"); tail -n 20 "$log" >&2; break; }
    printf '%d %d %d %d %d %d\n' $((SECONDS - start_s)) "$(mb "$(status_kb "$server_pid" VmRSS)")" \
      "$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)" "$(status_kb "$server_pid" Threads)" \
      $(($(cpu_ticks "$server_pid") / clk_tck)) "$(live_heap_mb "$server_pid")" >>"$out/samples"
    tail -n 1 "$out/samples" | awk '{ printf "  %5d s  RSS %5d MB  files %4d  threads %4d  CPU %5d s  live heap %4d MB\n", $1, $2, $3, $4, $5, $6 }'
    # The server's threads by pool at half-time, to be compared with the end: a growing count must say whose.
    [ -s "$out/threads-half" ] || [ $((SECONDS - start_s)) -lt $((minutes * 30)) ] || thread_pools "$server_pid" >"$out/threads-half"
    pause "$every"
  done
  local load_status=0
  wait "$load_pid" || load_status=$?
  local load
  load=$(tail -n 1 "$out/load.out")
  echo "  load: $load"
  # The distinct errors the load saw (SoakLoad logs one a second at most), for the record: a failed soak must say why.
  local load_errors=""
  if [ "$load_status" != 0 ]; then
    failures+=("soak: the load saw errors ($load; first: $(head -n 1 "$out/load.err"))")
    # Grouped by kind: the nested causes JavaMail repeats, IMAP tags and numbers are left out.
    load_errors=$(sed -E 's/^SoakLoad: //; s/ \/ .*//; s/; nested exception is: .*(NO|BAD) /: \1 /; s/[0-9]+/N/g' "$out/load.err" \
      | sort | uniq -c | sort -rn | head -n 10 \
      | awk '{ n = $1; $1 = ""; sub(/^ /, ""); printf "- %d × `%s`\n", n, substr($0, 1, 300) }')
    echo "$load_errors" >&2
    # The server's log outlives the work folder, for the stack traces behind these errors.
    mkdir -p "$root/server/target" && cp "$log" "$root/server/target/soak-server.log" \
      && echo "  the server's log is kept in server/target/soak-server.log" >&2
    # What the server said about them: its errors and warnings, the most frequent first.
    echo "  the server's log, ERROR and WARN lines (most frequent first):" >&2
    grep -E ' (ERROR|WARN) ' "$log" | sed -E 's/^[0-9:., -]+//' | cut -c1-300 | sort | uniq -c | sort -rn | head -n 10 >&2 || true
  fi

  # Threads by pool once the load is over, against half-time: the pools whose size changed.
  local thread_rows=""
  if kill -0 "$server_pid" 2>/dev/null && [ -s "$out/threads-half" ]; then
    thread_pools "$server_pid" >"$out/threads-end"
    thread_rows=$(LC_ALL=C join -a 1 -a 2 -e 0 -o 0,1.2,2.2 -t $'\t' "$out/threads-half" "$out/threads-end" \
      | awk -F '\t' '$2 != $3 { printf "| `%s` | %d | %d |\n", $1, $2, $3 }')
  fi

  # Every reader has logged out: no IMAP session, no selected mailbox may be left in the heap (the first run found
  # 892 sessions kept by mailboxes CLOSE had not deselected). A few seconds for the last connections to close.
  local retained_rows="" retained_class retained_count
  if kill -0 "$server_pid" 2>/dev/null; then
    pause 5
    for retained_class in org.apache.james.imapserver.netty.NettyImapSession \
        org.apache.james.imap.processor.base.SelectedMailboxImpl; do
      retained_count=$(live_instances "$server_pid" "$retained_class")
      local retained_verdict=passed
      [ "$retained_count" = 0 ] || { retained_verdict=failed; failures+=("soak: $retained_count ${retained_class##*.} left in the heap after the load"); }
      retained_rows+="| \`${retained_class##*.}\` objects alive once every client has logged out (\`jcmd GC.class_histogram\`) | 0 | $retained_count | $retained_verdict |"$'\n'
    done
  fi
  if kill -0 "$server_pid" 2>/dev/null && ! stop_server lenient; then
    failures+=("soak: the server did not stop within 120 s of SIGTERM (killed)")
  fi
  now_us t1
  local seconds=$(((t1 - t0) / 1000000))

  # The second half: the first half holds the warm-up (JIT, caches, pools reaching their size).
  local samples half rows="" entry name col allowance slope mean verdict_row
  samples=$(wc -l <"$out/samples")
  half=$((samples / 2 + 1))
  for entry in "RSS (MB):2:5" "open files:3:2" "threads:4:2" "live heap after a full collection (MB):6:10"; do
    IFS=: read -r name col allowance <<<"$entry"
    read -r slope mean < <(least_squares "$out/samples" "$col" "$half")
    # Flat: the second half's trend, extended over the whole run, raises the value by less than the allowance
    # (5 % of its mean for RSS, 10 % for the live heap, 2 % for files and threads, and at least 2 units). A value
    # going down is no leak.
    verdict_row=$(awk -v s="$slope" -v m="$mean" -v a="$allowance" -v h="$minutes" 'BEGIN {
      drift = s * h / 60; limit = m * a / 100; if (limit < 2) limit = 2
      print (drift <= limit ? "flat" : "growing") }')
    [ "$verdict_row" = flat ] || { failures+=("soak: $name grows ($slope per hour over the second half)"); }
    local first last
    first=$(awk -v c="$col" 'NR == 1 { print $c }' "$out/samples")
    last=$(awk -v c="$col" 'END { print $c }' "$out/samples")
    rows+="| $name | $first | $(awk -v c="$col" -v r="$half" 'NR == r { print $c }' "$out/samples") | $last | $slope per hour | $verdict_row |"$'\n'
  done
  local verdict=passed
  [[ " ${failures[*]} " == *" soak: "* ]] && verdict=failed

  local soak_table="| sampled every $every s | at start | at half-time | at the end | slope, second half | verdict |
|---|---|---|---|---|---|
${rows}
| after the load | expected | observed | |
|---|---|---|---|
${retained_rows}${thread_rows:+
| server threads by name, numbers left out (\`jcmd Thread.print\`), where the count changed | at half-time | once the load is over |
|---|---|---|
${thread_rows}
}
Load: $load (SoakLoad exit status $load_status).${load_errors:+

Errors the load saw (logged at most once a second, the most frequent first):

$load_errors}"
  report_phase soak "$verdict" "$seconds" "$soak_table" "## Soak" "- Server JVM \`$soak_opts\`, managed PostgreSQL, embedded directory. Load (\`SoakLoad\`): 10 messages/s of 4 KB over 2
  submission connections (STARTTLS, AUTH) renewed every 50 messages; 2 IMAPS readers, each session LOGIN, SELECT,
  FETCH of the 20 newest ENVELOPE + FLAGS, one body, SEARCH SUBJECT, LOGOUT, every 0.5 s; the first reader also
  deletes all but the $keep newest messages (STORE \\Deleted, CLOSE), so that the mailbox stays at about $keep
- Verdict \"flat\": the least-squares slope over the second half, extended over the whole run, raises the value by
  less than 5 % of its mean (RSS), 10 % (live heap: old generation after a full collection forced at each sample)
  or 2 % (open files, threads), and at least 2 units"
}
