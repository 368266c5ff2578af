# The disk phase of scripts/reliability (sourced by it): the server's data folder on a small file system of its own
# (ext4 on a loop device, tmpfs when no loop device works), filled by submitted mail until SMTP refuses it, drained,
# given room again and restarted; then filled to the last block behind the server's back, with the reserve set to 0,
# to see what happens past the reserve. Uses the variables and helpers of scripts/reliability and
# lib/bench-common.sh. Needs root (mount).
# shellcheck shell=bash

disk_image_mb=${DISK_IMAGE_MB:-1024}
disk_message_kb=${DISK_MESSAGE_KB:-512}
# Room left above the reserve before the load starts: a filler file takes the rest, so the load fills it in a minute.
disk_room_mb=${DISK_ROOM_MB:-160}
disk_domain=disk.localhost
disk_sender=sender@$disk_domain
disk_recipient=recipient@$disk_domain
disk_password=disk-$RANDOM$RANDOM$RANDOM
disk_rows=""
disk_failed=false

disk_tools() {
  local missing=()
  command -v mkfs.ext4 >/dev/null || missing+=(e2fsprogs)
  command -v jq >/dev/null || missing+=(jq)
  [ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
}

# The shipped reserve (caducee.storage.reserveMegabytes in caducee.properties), which the first part checks: the
# value set there, or else the default its commented-out line shows.
disk_default_reserve() {
  local file=$config_dir/caducee.properties value
  value=$(grep -o '^caducee\.storage\.reserveMegabytes=[0-9]*' "$file" | tail -n 1 | cut -d= -f2)
  [ -n "$value" ] || value=$(grep -o '^#caducee\.storage\.reserveMegabytes=[0-9]*' "$file" | head -n 1 | cut -d= -f2)
  echo "$value"
}

disk_mount() {
  disk_dir=$work/disk
  mkdir -p "$disk_dir"
  if truncate -s "${disk_image_mb}M" "$work/disk.img" && mkfs.ext4 -q -F -m 0 "$work/disk.img" >/dev/null 2>&1 \
      && mount -o loop "$work/disk.img" "$disk_dir" 2>/dev/null; then
    disk_fs="ext4 on a loop device, $disk_image_mb MB, no blocks kept for root"
  else
    rm -f "$work/disk.img"
    mount -t tmpfs -o "size=${disk_image_mb}m" tmpfs "$disk_dir" || fail "cannot mount a loop device or a tmpfs"
    disk_fs="tmpfs of $disk_image_mb MB (no loop device here)"
  fi
  on_exit+=(disk_unmount)
}

# Lazily when busy: the loop device is released with the last user (mount -o loop sets autoclear).
disk_unmount() {
  mountpoint -q "$disk_dir" || return 0
  umount "$disk_dir" 2>/dev/null || umount -l "$disk_dir"
}

disk_free_mb() { df -B1M --output=avail "$disk_dir" | tail -n 1 | tr -d ' '; }

# Free space every 0.2 s into $work/free.log, for the lowest figure of a stretch (disk_lowest_free).
disk_sample_free() {
  : >"$work/free.log"
  (while :; do disk_free_mb >>"$work/free.log"; sleep 0.2; done) &
  disk_sampler=$!
  extra_pids+=" $disk_sampler"
}
disk_lowest_free() {
  kill "$disk_sampler" 2>/dev/null || true
  wait "$disk_sampler" 2>/dev/null || true
  sort -n "$work/free.log" | head -n 1
}

# disk_row STEP EXPECTED OBSERVED VERDICT(passed|failed|reported)
disk_row() {
  disk_rows+="| $1 | $2 | $3 | $4 |"$'\n'
  echo "  $1: $3 ($4)"
  if [ "$4" = failed ]; then
    disk_failed=true
    failures+=("disk: $1: $3")
  fi
}
disk_verdict() { if "$@"; then echo passed; else echo failed; fi; }

disk_java() { java -cp "$bench_jar:$root/bench/target/lib/*" "$@"; }

# fill_load LABEL LEDGER MESSAGES CONNECTIONS: FillLoad over submission until 8 refusals in a row; its output to
# $work/fill-LABEL.out.
fill_load() {
  run_client "$work/fill-$1.out" disk_java fr.caducee.bench.FillLoad --port "$submission_port" --ca "$disk_ca" \
    --from "$disk_sender" --password "$disk_password" --to "$disk_recipient" --size $((disk_message_kb * 1024)) \
    --messages "$3" --connections "$4" --ledger "$2" --label "$1" --until-refusals 8
  cat "$work/fill-$1.out" >&2
}

# fill_check LEDGER TIMEOUT: FillCheck; sets fill_check_status and fill_checked (its summary line).
fill_check() {
  fill_check_status=0
  disk_java fr.caducee.bench.FillCheck --port "$submission_port" --ca "$disk_ca" --from "$disk_sender" \
    --password "$disk_password" --to "$disk_recipient" --to-password "$disk_password" --imaps-port "$imaps_port" \
    --ledger "$1" --inbox-timeout "$2" >"$work/check.out" || fill_check_status=$?
  fill_checked=$(tail -n 1 "$work/check.out")
}

# The lines of ledger $1 whose Message-ID starts with <$2-, into file $3.
ledger_part() { grep "^<$2-" "$1" >"$3" || true; }

# "N accepted; 452 4.3.1 at MAIL x3, ..." from a ledger.
ledger_summary() {
  local accepted refused
  accepted=$(awk -F'\t' '$2 == "250"' "$1" | wc -l)
  refused=$(awk -F'\t' '$2 != "250" { split($4, r, " "); print $2 == "none" ? "no answer" : r[1] " " r[2] " at " $3 }' "$1" \
    | sort | uniq -c | awk '{ n = $1; $1 = ""; printf "%s%s ×%d", (NR > 1 ? ", " : ""), substr($0, 2), n }')
  echo "$accepted accepted (250)${refused:+; $refused}"
}

disk_imap_select() {
  if curl -s --max-time 30 --cacert "$disk_ca" --user "$disk_recipient:$disk_password" \
      "imaps://localhost:$imaps_port/INBOX" -X NOOP >/dev/null; then
    echo "LOGIN and SELECT answered OK"
  else
    echo "LOGIN/SELECT failed (curl $?)"
  fi
}

disk_webadmin() {
  local status
  status=$(webadmin_curl -s -o /dev/null -w '%{http_code}' --max-time 30 "http://127.0.0.1:$webadmin_port/domains")
  echo "WebAdmin GET /domains $status"
}

# The tagged answer of the server to an APPEND of a message of the load's size (curl -v shows the server's lines).
disk_imap_append() {
  {
    printf 'From: %s\r\nTo: %s\r\nSubject: APPEND %s\r\nMessage-ID: <append-%s@%s>\r\n\r\n' "$disk_recipient" \
      "$disk_recipient" "$1" "$1" "$disk_domain"
    head -c $((disk_message_kb * 1024 * 3 / 4)) /dev/urandom | base64 -w 76 | sed 's/$/\r/'
  } >"$work/append.eml"
  local answer
  answer=$(curl -v -s --max-time 120 --cacert "$disk_ca" --user "$disk_recipient:$disk_password" \
    -T "$work/append.eml" "imaps://localhost:$imaps_port/INBOX" 2>&1 | grep -E '^< A[0-9]+ (OK|NO|BAD)' | tail -n 1 || true)
  echo "${answer#< A* }" | cut -c 1-120
}

disk_spool_size() {
  webadmin_curl -s --max-time 30 "http://127.0.0.1:$webadmin_port/mailQueues/spool" | jq -r '.size // "unknown"' 2>/dev/null \
    || echo unknown
}

# Messages in a mail repository (error: mail that could not be delivered).
disk_repository_size() {
  webadmin_curl -s --max-time 30 "http://127.0.0.1:$webadmin_port/mailRepositories/var%2Fmail%2F$1%2F" \
    | jq -r '.size // 0' 2>/dev/null || echo unknown
}

# ERROR lines of server log $1 so far, and errors in the managed PostgreSQL's log since it last started; sets
# start_errors (their sum) and start_errors_text.
disk_start_errors() {
  local errors database dropped
  errors=$(grep -c ' ERROR ' "$1" || true)
  # Not counted: OpenJPA asking pg_get_serial_sequence about a table named after the schema at every start (an ERROR,
  # then its STATEMENT line), and the readiness probe's connections refused while PostgreSQL starts.
  database=$(awk '/starting PostgreSQL/ { n = 0 } / (ERROR|FATAL|PANIC): / { n++ }
    /STATEMENT: +SELECT pg_get_serial_sequence/ || /FATAL: +the database system is starting up/ { n-- }
    END { print n + 0 }' \
    "$disk_dir/data/log/postgres.log" 2>/dev/null || echo 0)
  dropped=$(grep -c 'dropped:' "$1" || true)
  start_errors=$((errors + database))
  start_errors_text="$errors ERROR lines in the server's log, $database in PostgreSQL's since it started"
  [ "$dropped" = 0 ] || start_errors_text+=", $dropped spool entries dropped at start"
}

# The audit trail of today, read back over WebAdmin; records to $work/audit.jsonl.
disk_audit_export() {
  local today
  today=$(date -u +%F)
  webadmin_curl -s --max-time 120 "http://127.0.0.1:$webadmin_port/audit/export?from=$today&to=$today" >"$work/audit.jsonl"
}

# Acknowledged Message-IDs of a ledger without an ACCEPTED record in $work/audit.jsonl.
disk_unaudited() {
  jq -r 'select(.decision == "ACCEPTED") | .messageId' "$work/audit.jsonl" | sort -u >"$work/audited.txt"
  awk -F'\t' '$2 == "250" { print $1 }' "$1" | sort -u | comm -23 - "$work/audited.txt" | wc -l
}

# The managed PostgreSQL's postmaster: its pid, from postmaster.pid (empty when none runs).
disk_postmaster() {
  local pid
  pid=$(head -n 1 "$disk_dir/data/var/store/postgres/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

# PANIC/FATAL lines and crash recoveries ("terminating any other active server processes") in PostgreSQL's log
# after line $1.
disk_postgres_incidents() {
  tail -n +"$(($1 + 1))" "$disk_dir/data/log/postgres.log" 2>/dev/null | awk '
    / PANIC: / { panic++ } / FATAL: / { fatal++ } /terminating any other active server processes/ { reset++ }
    END { printf "%d PANIC, %d FATAL, %d crash recoveries", panic, fatal, reset }'
}

disk_start() {
  start_server "$disk_dir/data" "$work/server-$1.log" "${@:2}"
  echo "  server started ($1) in $((ready_ms / 1000)) s, $(disk_free_mb) MB free"
}

phase_disk() {
  echo "== disk: the data folder on a small file system, filled until SMTP refuses, drained, emptied, restarted"
  [ "$(id -u)" -eq 0 ] || { failures+=("disk: needs root to mount a file system for the data folder"); return 1; }
  disk_tools
  local t0 t1 reserve ledger=$work/ledger beyond=$work/ledger-beyond observed free before lowest
  now_us t0
  reserve=$(disk_default_reserve)
  disk_mount
  echo "  $disk_fs at $disk_dir, reserve $reserve MB, messages of $disk_message_kb KB"
  pick_ports
  disk_start first
  disk_ca=$disk_dir/data/pki/dev-root-ca.pem
  webadmin_put "/domains/$disk_domain"
  add_box "$disk_sender" "$disk_password" 1
  add_box "$disk_recipient" "$disk_password" 2

  # 1. Filled by mail until SMTP refuses; a filler file takes all but the reserve and some room first.
  free=$(disk_free_mb)
  fallocate -l "$((free - reserve - disk_room_mb))M" "$disk_dir/filler"
  before=$(disk_free_mb)
  disk_sample_free
  fill_load fill "$ledger" 5000 4
  observed=$(ledger_summary "$ledger")
  disk_row "load of $disk_message_kb KB messages, 4 connections, from $before MB free (a filler file took the rest)" \
    "\`452 4.3.1\` once the reserve is reached; every message answered" "$observed" \
    "$(disk_verdict test "$(awk -F'\t' '$2 != "250" && $4 !~ /^452 4\.3\.1 Mail system full/' "$ledger" | wc -l)" = 0 \
      -a "$(awk -F'\t' '$2 == "452"' "$ledger" | wc -l)" -gt 0)"
  observed="$(disk_imap_select); $(disk_webadmin)"
  disk_row "server while it refuses" "IMAP LOGIN/SELECT and WebAdmin answer" "$observed" \
    "$(disk_verdict grep -q 'OK.*WebAdmin GET /domains 200' <<<"$observed")"
  observed=$(disk_imap_append below-reserve)
  disk_row "IMAP APPEND of $disk_message_kb KB while SMTP refuses" "answered (IMAP has no reserve)" "$observed" reported

  # 2. What was acknowledged is delivered while SMTP refuses.
  fill_check "$ledger" 600
  lowest=$(disk_lowest_free)
  disk_row "acknowledged mail, once the spool drained" "each in the INBOX exactly once; no refused one" \
    "$fill_checked; spool $(disk_spool_size)" "$(disk_verdict test "$fill_check_status" = 0)"
  disk_row "lowest free space while filling and draining" "above 0: the reserve is not used up" "$lowest MB" \
    "$(disk_verdict test "${lowest:-0}" -gt 0)"
  disk_audit_export
  observed=$(jq -r 'select(.rule == "mail-system-full")' "$work/audit.jsonl" | jq -s length)
  disk_row "refusals in the audit trail" "one record (rule \`mail-system-full\`) per \`452\` of the load" \
    "$observed records, $(awk -F'\t' '$2 == "452"' "$ledger" | wc -l) refusals" \
    "$(disk_verdict test "$observed" = "$(awk -F'\t' '$2 == "452"' "$ledger" | wc -l)")"

  # 3. Room again: taken again, no restart.
  rm -f "$disk_dir/filler"
  fill_load resumed "$ledger" 20 2
  ledger_part "$ledger" resumed "$work/ledger-resumed"
  observed=$(ledger_summary "$work/ledger-resumed")
  disk_row "filler deleted ($(disk_free_mb) MB free), 20 more messages" "all accepted, without a restart" "$observed" \
    "$(disk_verdict test "$(grep -c $'^<resumed-[0-9]*@[^\t]*\t250\t' "$ledger")" = 20)"

  # 4. Restart on the same folder: clean start, everything acknowledged readable exactly once, the trail readable.
  stop_server
  disk_start second
  disk_start_errors "$work/server-second.log"
  disk_row "restart on the same data folder" "no error at start (server, database, spool)" "$start_errors_text" \
    "$(disk_verdict test "$start_errors" = 0)"
  fill_check "$ledger" 300
  disk_row "every acknowledged message over IMAP after the restart" "exactly once" "$fill_checked" \
    "$(disk_verdict test "$fill_check_status" = 0)"
  disk_audit_export
  observed=$(disk_unaudited "$ledger")
  disk_row "audit trail read back (\`GET /audit/export\`)" "an acceptance record for each acknowledged message" \
    "$(wc -l <"$work/audit.jsonl") records; $observed acknowledged messages without one" \
    "$(disk_verdict test "$observed" = 0)"

  # 5. Past the reserve: reserve 0, all but 2 MB taken behind the server's back, 4 connections racing for them.
  stop_server
  disk_start beyond -Dcaducee.storage.reserveMegabytes=0
  fallocate -l "$(($(disk_free_mb) - 2))M" "$disk_dir/filler"
  fill_load beyond "$beyond" 200 4
  observed=$(ledger_summary "$beyond")
  disk_row "past the reserve (reserve 0, 2 MB left): load" "every message answered: \`250\` or 4xx with an enhanced code; no hang" \
    "$observed" "$(disk_verdict test "$(awk -F'\t' '$2 != "250" && $4 !~ /^4[0-9][0-9] 4\.[0-9]+\.[0-9]+ /' "$beyond" | wc -l)" = 0)"
  local postmaster postgres_lines
  postmaster=$(disk_postmaster)
  postgres_lines=$(wc -l <"$disk_dir/data/log/postgres.log")
  dd if=/dev/zero of="$disk_dir/filler-last" bs=64k 2>/dev/null || true
  disk_row "disk full to the last block: IMAP APPEND" "an answer" "$(disk_imap_append full-disk) ($(disk_free_mb) MB free)" reported
  pause 10
  observed="$(disk_imap_select); $(disk_webadmin); health: $(curl -s --max-time 30 "http://127.0.0.1:$webadmin_port/healthcheck" \
    | jq -r '[.checks[] | select(.status != "healthy") | "\(.componentName) \(.status)"] | if length == 0 then "healthy" else join(", ") end')"
  disk_row "server on the full disk" "reported" "$observed" reported
  rm -f "$disk_dir/filler" "$disk_dir/filler-last"
  pause 10
  observed="postmaster ${postmaster:-none} before, $(disk_postmaster) after; $(disk_postgres_incidents "$postgres_lines")"
  disk_row "managed PostgreSQL through the full disk" "still running, the same postmaster" "$observed" \
    "$(disk_verdict test -n "$postmaster" -a "$(disk_postmaster)" = "$postmaster")"
  fill_load after-full "$beyond" 3 1
  ledger_part "$beyond" after-full "$work/ledger-after-full"
  disk_row "room again after the full disk, no restart: 3 messages" "all accepted" "$(ledger_summary "$work/ledger-after-full")" \
    "$(disk_verdict test "$(grep -c $'^<after-full-[0-9]*@[^\t]*\t250\t' "$beyond")" = 3)"
  fill_check "$work/ledger-after-full" 120
  disk_row "those 3 messages delivered, no restart" "each in the INBOX exactly once" "$fill_checked" \
    "$(disk_verdict test "$fill_check_status" = 0)"
  # Mail that could be neither delivered, nor queued again, nor kept in the error repository on the full disk stays in
  # the spool and is tried again every 30 s (PostgresMailQueue): delivered once there is room, without a restart.
  fill_check "$beyond" 120
  disk_row "every message acknowledged past the reserve, room back, no restart, no operator action" \
    "each in the INBOX exactly once" "$fill_checked; error repository $(disk_repository_size error)" \
    "$(disk_verdict test "$fill_check_status" = 0)"
  stop_server
  disk_start after-full
  disk_start_errors "$work/server-after-full.log"
  # What is in the error repository cannot arrive before it is sent through delivery again, below.
  fill_check "$beyond" 10
  observed="$start_errors_text; $fill_checked; error repository $(disk_repository_size error)"
  disk_row "restart after the full disk" "starts; what was acknowledged: reported (the reserve exists to avoid this)" "$observed" \
    "$(disk_verdict grep -q 'LOGIN and SELECT answered OK' <<<"$(disk_imap_select)")"
  # What could not be delivered waits in the error repository: sent through delivery again over WebAdmin.
  webadmin_curl -s -o "$work/reprocess.out" --max-time 60 -X PATCH \
    "http://127.0.0.1:$webadmin_port/mailRepositories/var%2Fmail%2Ferror%2F/mails?action=reprocess&processor=transport"
  fill_check "$beyond" 120
  disk_row "error repository delivered again (\`PATCH /mailRepositories/var%2Fmail%2Ferror%2F/mails?action=reprocess&processor=transport\`)" \
    "every acknowledged message in the INBOX: none lost" "$fill_checked; error repository $(disk_repository_size error)" \
    "$(disk_verdict grep -q ' missing=0 ' <<<"$fill_checked")"
  stop_server
  now_us t1
  local seconds=$(((t1 - t0) / 1000000))

  local disk_table="| step | expected | observed | |
|---|---|---|---|
${disk_rows}"
  local verdict=passed
  $disk_failed && verdict=failed
  report_phase disk "$verdict" "$seconds" "$disk_table" "## Disk full" "- Load average $(cut -d ' ' -f 1-3 /proc/loadavg) at the end; four server starts in the phase
- Data folder on $disk_fs; reserve $reserve MB (the default) then 0; messages of $disk_message_kb KB over submission
  (STARTTLS + AUTH), \`FillLoad\` until 8 refusals in a row, checked by \`FillCheck\` over IMAPS"
}
