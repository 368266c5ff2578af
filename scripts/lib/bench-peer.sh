# The peer phase of scripts/bench (sourced by it): Caducée side by side with a stock Postfix → Dovecot on the same MX
# load. Uses the variables and helpers of scripts/bench and lib/bench-common.sh.
# shellcheck shell=bash

peer_domain=bench.localhost
peer_box=recipient@$peer_domain
# With more than one box (BENCH_BOXES, default 1,000), the boxes are box0001@ ... box1000@ of the bench domain; the
# INBOXes of a sample (the boxes that receive a load's last messages) are polled over IMAPS, the rest checked on the
# server's side once the sample is complete (see boxes_check).
peer_sample=16
peer_sender=sender@peer-operator.localhost
peer_stacks=(on off peer)
declare -A stack_label=([on]="Caducée, rules on" [off]="Caducée, rules off" [peer]="Postfix → Dovecot")

peer_tools() {
  local missing=()
  command -v openssl >/dev/null || missing+=(openssl)
  [ -x /usr/sbin/postfix ] || missing+=(postfix)
  [ -x /usr/sbin/dovecot ] || missing+=(dovecot-core)
  [ -x /usr/lib/dovecot/imap ] || missing+=(dovecot-imapd)
  [ -x /usr/lib/dovecot/lmtp ] || missing+=(dovecot-lmtpd)
  [ ${#missing[@]} -eq 0 ] && return
  # Postfix's package asks what kind of mail server this machine is: none, the benchmark configures its own instance.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
  install_packages "${missing[@]}"
  # The packages may have started the system's own instances: this benchmark runs private ones.
  if command -v service >/dev/null; then
    service postfix stop >/dev/null 2>&1 || true
    service dovecot stop >/dev/null 2>&1 || true
  fi
}

# stack_pki DIR: a development PKI in DIR/pki (the server certificate for localhost, the peer operator's client
# certificate), and for Postfix and Dovecot the same server certificate (with its chain) and key as PEM in DIR/tls.
stack_pki() {
  local dir=$1 pass
  java -cp "$server_jar:$root/server/target/lib/*" fr.caducee.trust.pki.DevPki --dir "$dir/pki" --host localhost >/dev/null
  mkdir -p "$dir/tls"
  pass=file:$dir/pki/keystore-secret
  { openssl pkcs12 -in "$dir/pki/server.p12" -passin "$pass" -clcerts -nokeys
    openssl pkcs12 -in "$dir/pki/server.p12" -passin "$pass" -cacerts -nokeys; } 2>/dev/null \
    | sed -n '/BEGIN CERTIFICATE/,/END CERTIFICATE/p' >"$dir/tls/server.pem"
  openssl pkcs12 -in "$dir/pki/server.p12" -passin "$pass" -nocerts -nodes 2>/dev/null | openssl pkey -out "$dir/tls/server.key.pem"
  chmod 600 "$dir/tls/server.key.pem"
  [ "$(grep -c 'BEGIN CERTIFICATE' "$dir/tls/server.pem")" = 2 ] || fail "could not extract the server certificate from $dir/pki/server.p12"
}

# --- Postfix → Dovecot ------------------------------------------------------------------------------------------------
# Both are Debian's packages with their defaults; what follows is every setting changed, and why.
# Postfix (main.cf; master.cf is Debian's own, chroot included, with the smtp listener moved to a loopback port):
#   compatibility_level = 3.6          as Debian's own main.cf: today's defaults, no backward-compatibility warnings
#   queue_directory, data_directory    a private instance under the work folder
#   maillog_file, maillog_file_prefixes   its log in that folder (no syslog daemon here)
#   myhostname                         a name of the bench domain instead of the machine's
#   mydestination, alias_maps, alias_database   empty: no local delivery, every box is a virtual one in Dovecot
#   inet_protocols = ipv4              loopback IPv4 only, as the other stacks
#   virtual_mailbox_domains, virtual_mailbox_maps   the bench domain and its boxes, a texthash: table of the list
#                                      (others refused at RCPT, as Caducée refuses boxes not in its directory)
#   virtual_transport = lmtp:unix:private/dovecot-lmtp   delivery to Dovecot over LMTP, Dovecot's documented setup
#   smtpd_tls_security_level = may, smtpd_tls_cert_file, smtpd_tls_key_file   STARTTLS offered, with the same
#                                      certificate as Caducée's MX. No client certificate is asked for (Caducée's MX
#                                      requires and checks one).
# Dovecot (dovecot.conf written whole; everything else is Dovecot's default, not Debian's conf.d):
#   base_dir, state_dir, log_path, instance_name   a private instance under the work folder
#   protocols = imap lmtp, listen = 127.0.0.1, imaps on a free loopback port, imap (plain) off
#   ssl = required, ssl_cert, ssl_key  the same certificate as Caducée's IMAPS
#   passdb and userdb passwd-file      the boxes, their password, their home; mail_location = maildir:~/Maildir
#   mail_uid/gid = mail, first_valid_uid = 8   mail stored as Debian's "mail" user (uid 8; the default floor is 500)
#   service lmtp's unix_listener       the socket in Postfix's private/ folder, owned by postfix (Dovecot's documented
#                                      Postfix setup)

postfix_main_cf() {
  local dir=$1
  cat <<EOF
compatibility_level = 3.6
queue_directory = $dir/postfix/queue
data_directory = $dir/postfix/data
maillog_file = $dir/postfix.log
maillog_file_prefixes = $dir
myhostname = mx.$peer_domain
mydestination =
alias_maps =
alias_database =
inet_protocols = ipv4
virtual_mailbox_domains = $peer_domain
virtual_mailbox_maps = texthash:$dir/postfix/etc/boxes
virtual_transport = lmtp:unix:private/dovecot-lmtp
smtpd_tls_security_level = may
smtpd_tls_cert_file = $dir/tls/server.pem
smtpd_tls_key_file = $dir/tls/server.key.pem
EOF
}

dovecot_conf() {
  local dir=$1 imaps=$2
  cat <<EOF
instance_name = caducee-bench-dovecot
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/state
log_path = $dir/dovecot.log
protocols = imap lmtp
listen = 127.0.0.1
ssl = required
ssl_cert = <$dir/tls/server.pem
ssl_key = <$dir/tls/server.key.pem
mail_location = maildir:~/Maildir
mail_uid = mail
mail_gid = mail
first_valid_uid = 8
passdb {
  driver = passwd-file
  args = $dir/dovecot/users
}
userdb {
  driver = passwd-file
  args = $dir/dovecot/users
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = $imaps
    ssl = yes
  }
}
service lmtp {
  unix_listener $dir/postfix/queue/private/dovecot-lmtp {
    mode = 0600
    user = postfix
    group = postfix
  }
}
EOF
}

# Waits up to 30 s for something to listen on loopback port $1.
await_port() {
  local i
  for i in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Waits up to 30 s for process $1 (not our child) to exit, then kills it.
await_exit() {
  local i
  for i in $(seq 300); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$1" 2>/dev/null || true
}

# peer_start DIR: Postfix on mx_port delivering over LMTP to Dovecot, Dovecot's IMAPS on imaps_port; sets stack_pids
# to the two master processes (every other process of theirs is a child of one of them).
peer_start() {
  local dir=$1 master pid
  free_port mx_port
  free_port imaps_port
  mkdir -p "$dir/postfix/etc" "$dir/postfix/queue" "$dir/postfix/data" "$dir/dovecot/run" "$dir/dovecot/state" \
    "$dir/dovecot/mail"
  # Their daemons run as the postfix, dovecot and mail users: they must reach their folders under the work folder.
  chmod 711 "$work" "$dir"
  chown postfix:postfix "$dir/postfix/data"
  chown mail:mail "$dir/dovecot/mail"
  postfix_main_cf "$dir" >"$dir/postfix/etc/main.cf"
  awk -v listener="127.0.0.1:$mx_port" '$1 == "smtp" && $2 == "inet" { $1 = listener } { print }' \
    /etc/postfix/master.cf >"$dir/postfix/etc/master.cf"
  grep -q "^127.0.0.1:$mx_port inet" "$dir/postfix/etc/master.cf" || fail "no smtp inet listener in /etc/postfix/master.cf"
  dovecot_conf "$dir" "$imaps_port" >"$dir/dovecot/dovecot.conf"
  awk '{ print $1 " ok" }' "$work/boxes.txt" >"$dir/postfix/etc/boxes"
  awk -v password="$password" -v mail="$dir/dovecot/mail" '{ print $1 ":{PLAIN}" password "::::" mail "/" $1 "::" }' \
    "$work/boxes.txt" >"$dir/dovecot/users"
  chmod 640 "$dir/dovecot/users"
  chgrp dovecot "$dir/dovecot/users"

  # Debian's own preparation of a chrooted instance (copies of /etc/hosts, resolv.conf... into the queue folder).
  MAIL_CONFIG=$dir/postfix/etc /usr/lib/postfix/configure-instance.sh - >>"$dir/postfix.log" 2>&1 \
    || fail "Debian's configure-instance.sh failed for Postfix (log: $dir/postfix.log)"
  on_exit+=("peer_stop $dir")
  /usr/sbin/postfix -c "$dir/postfix/etc" start >>"$dir/postfix.log" 2>&1 \
    || { tail -n 20 "$dir/postfix.log" >&2; fail "Postfix did not start"; }
  # Dovecot creates its LMTP socket in the private/ folder Postfix has just created.
  /usr/sbin/dovecot -c "$dir/dovecot/dovecot.conf" >>"$dir/dovecot.log" 2>&1 \
    || { tail -n 20 "$dir/dovecot.log" >&2; fail "Dovecot did not start"; }
  await_port "$mx_port" || { tail -n 20 "$dir/postfix.log" >&2; fail "Postfix not listening on $mx_port"; }
  await_port "$imaps_port" || { tail -n 20 "$dir/dovecot.log" >&2; fail "Dovecot not listening on $imaps_port"; }
  [ -S "$dir/postfix/queue/private/dovecot-lmtp" ] || fail "Dovecot's LMTP socket is missing (log: $dir/dovecot.log)"
  stack_pids=""
  for master in "$dir/postfix/queue/pid/master.pid" "$dir/dovecot/run/master.pid"; do
    read -r pid <"$master" || fail "no pid in $master"
    stack_pids+="$pid "
  done
}

peer_stop() {
  local dir=$1 pid pids="" command kept=()
  [ -d "$dir" ] || return 0
  for pid in "$dir/postfix/queue/pid/master.pid" "$dir/dovecot/run/master.pid"; do
    [ -f "$pid" ] && pids+="$(<"$pid") "
  done
  /usr/sbin/postfix -c "$dir/postfix/etc" stop >/dev/null 2>&1 || true
  /usr/sbin/dovecot -c "$dir/dovecot/dovecot.conf" stop >/dev/null 2>&1 || true
  for pid in $pids; do await_exit "$pid"; done
  for command in "${on_exit[@]}"; do [ "$command" = "peer_stop $dir" ] || kept+=("$command"); done
  on_exit=("${kept[@]}")
}

# --- Caducée ------------------------------------------------------------------------------------------------------------

# caducee_start DIR on|off: the server on DIR/data (with DIR's PKI), the box registered; sets stack_pids.
caducee_start() {
  local dir=$1 variant=$2
  config_dir=$root/james-config
  [ "$variant" = off ] && config_dir=$off_config
  mkdir -p "$dir/data"
  cp -r "$dir/pki" "$dir/data/pki"
  pick_ports
  start_server "$dir/data" "$dir/caducee.log"
  webadmin_put "/domains/$peer_domain"
  if [ "$boxes" = 1 ]; then
    add_box "$peer_box" "$password" 1
  else
    caducee_boxes
  fi
  stack_pids=$server_pid
}

# The boxes of $work/boxes.txt, each with its professional, through WebAdmin as add_box does, in one curl over one
# kept-alive connection (one operation per request). Passwords are set only on the boxes watched over IMAPS
# (caducee_passwords): each costs a password hash.
caducee_boxes() {
  local address number=0 idnat config=$work/boxes.curl
  : >"$config"
  while read -r address; do
    number=$((number + 1))
    idnat=$(idnat_for "$number")
    put_operation "/directory/professionals/$idnat" "{\\\"lastName\\\":\\\"${address%%@*}\\\"}" >>"$config"
    put_operation "/directory/boxes/$address" "{\\\"type\\\":\\\"PER\\\",\\\"professional\\\":\\\"$idnat\\\"}" >>"$config"
  done <"$work/boxes.txt"
  # The last operation needs no "next" after it (curl would expect another URL). The token's header file was written
  # by the webadmin_put above.
  sed -i '$d' "$config"
  curl -K "$config" >"$work/boxes.status" || fail "creating the boxes failed (curl status $?)"
  if grep -qvxE '200|201' "$work/boxes.status"; then
    fail "creating the boxes: $(sort "$work/boxes.status" | uniq -c | tr '\n' ' ')"
  fi
  [ "$(wc -l <"$work/boxes.status")" = $((2 * boxes)) ] || fail "creating the boxes: $(wc -l <"$work/boxes.status") answers"
}

# One PUT of JSON $2 (already escaped for a curl configuration) to WebAdmin path $1, as an operation of a curl
# configuration: after "next" curl forgets the options before it, so each operation names its own.
put_operation() {
  printf '%s\n' "url = \"http://127.0.0.1:$webadmin_port$1\"" 'request = "PUT"' "header = \"@$work/webadmin.header\"" \
    'header = "Content-Type: application/json"' "data = \"$2\"" 'silent' 'output = "/dev/null"' \
    'write-out = "%{http_code}\n"' 'next'
}

# Sets the password on the boxes of file $1 not given one yet (Dovecot's users all have theirs in its passwd-file).
caducee_passwords() {
  local address
  while read -r address; do
    grep -qxF "$address" "$work/passwords-set" && continue
    webadmin_put "/directory/boxes/$address/password" "{\"password\":\"$password\"}"
    echo "$address" >>"$work/passwords-set"
  done <"$1"
}

# --- All readable: a sample over IMAPS, then every box on the server's side -------------------------------------------

# boxes_counts NAME: "address count" for every box of $work/boxes.txt, from the stack's own accounts of its INBOXes:
# Caducée's WebAdmin (the INBOX's message count, one curl over one kept-alive connection), Dovecot's doveadm (the
# INBOX's STATUS MESSAGES for every user of its passwd-file). A box without an INBOX yet counts 0.
boxes_counts() {
  if [ "$1" = peer ]; then
    doveadm -c "$dir/dovecot/dovecot.conf" -f tab mailbox status -A messages INBOX 2>>"$dir/doveadm.err" \
      | awk -F'\t' 'NR > 1 { print tolower($1), $NF }'
  else
    awk -v base="http://127.0.0.1:$webadmin_port" '{ printf "url = \"%s/users/%s/mailboxes/INBOX/messageCount\"\n", base, $1 }' \
      "$work/boxes.txt" >"$work/counts.curl"
    webadmin_curl -s -K "$work/counts.curl" -w '\n' >"$work/counts.out" || true
    paste -d' ' "$work/boxes.txt" "$work/counts.out" | awk '{ print $1, ($2 ~ /^[0-9]+$/ ? $2 : 0) }'
  fi
}

# boxes_check NAME: checks every box against the tally, every 0.5 s until each holds what it was sent (or
# inbox_timeout); prints the number of boxes short at the first check, then the epoch milliseconds of the check that
# found all complete (0 on timeout).
boxes_check() {
  local name=$1 first="" deadline=$((SECONDS + inbox_timeout)) short
  while :; do
    short=$(boxes_counts "$name" | awk -v tally="$dir/tally" 'BEGIN { while ((getline l < tally) > 0) { split(l, f, " "); want[f[1]] = f[2] } }
      { have[$1] = $2 } END { for (a in want) if (have[a] + 0 < want[a]) n++; print n + 0 }')
    [ -n "$first" ] || first=$short
    if [ "$short" = 0 ]; then
      echo "$first $(($(date +%s%3N)))"
      return
    fi
    ((SECONDS < deadline)) || { echo "$first 0"; return; }
    pause 0.5
  done
}

# --- Figures of a stack: its processes and their children ---------------------------------------------------------

# stack_figures PIDS: "RSS_KB PSS_KB CPU_TICKS" summed over the processes and their children; CPU counts the children
# already reaped (cutime + cstime), so that workers that came and went are not forgotten.
stack_figures() {
  local pid process children key value rest stat fields rss=0 pss=0 cpu=0
  for pid in "$@"; do
    children=""
    { read -r children <"/proc/$pid/task/$pid/children"; } 2>/dev/null || true
    for process in "$pid" $children; do
      { read -r stat <"/proc/$process/stat"; } 2>/dev/null || continue
      read -r -a fields <<<"${stat##*) }"
      cpu=$((cpu + fields[11] + fields[12] + fields[13] + fields[14]))
      while read -r key value rest; do
        [ "$key" = VmRSS: ] && { rss=$((rss + value)); break; }
      done 2>/dev/null <"/proc/$process/status" || true
      while read -r key value rest; do
        [ "$key" = Pss: ] && { pss=$((pss + value)); break; }
      done 2>/dev/null <"/proc/$process/smaps_rollup" || true
    done
  done
  echo "$rss $pss $cpu"
}

# Samples stack_figures every 0.5 s in the background; the peaks go to file $1 ("RSS_KB PSS_KB").
start_sampler() {
  local out=$1
  shift
  (
    peak_rss=0 peak_pss=0
    while :; do
      read -r rss pss _ < <(stack_figures "$@")
      ((rss > peak_rss)) && peak_rss=$rss
      ((pss > peak_pss)) && peak_pss=$pss
      echo "$peak_rss $peak_pss" >"$out.tmp" && mv "$out.tmp" "$out"
      sleep 0.5
    done
  ) &
  sampler_pid=$!
  extra_pids+=" $sampler_pid"
}

stop_sampler() {
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
}

# mx_load DIR LABEL MESSAGES SIZE: MxLoad against the stack's MX until every box holds every message accepted for it;
# prints its result line. Fails on a refusal or a lost message.
# One box: MxLoad polls its INBOX over IMAPS (STATUS every 100 ms). Several: message n goes to box n modulo their
# number (round-robin, MxLoad --recipients); MxLoad polls over IMAPS the INBOXes of a sample, the boxes that receive
# the load's last peer_sample messages (sessions opened before the load), until each holds what it was sent
# (--tally: warm-up and earlier loads included); then boxes_check compares every box with what it was sent, from the
# stack's own counts, and the figure is the sample's time when that check finds everything (otherwise the time of the
# check that does, every 0.5 s). 1,000 IMAP logins after each load would cost Caducée 1,000 password hashes inside
# the measured time, and Dovecot 1,000 processes: the server-side counts are the same INBOXes, read without logging
# in.
mx_load() {
  local dir=$1 label=$2 count=$3 size=$4 out=$1/load-$2.out targets
  if [ "$boxes" = 1 ]; then
    targets=(--to "$peer_box")
  else
    # The sample: the boxes of the last messages (message n goes to line n modulo the count, numbered from 0).
    awk -v n="$count" -v k="$peer_sample" -v r="$boxes" 'BEGIN { for (j = 1; j <= k && j <= n; j++) want[(n - j) % r + 1] = 1 }
      NR in want' "$work/boxes.txt" >"$dir/watch-$label"
    [ "$stack_name" = "${stack_label[peer]}" ] || caducee_passwords "$dir/watch-$label"
    targets=(--recipients "$work/boxes.txt" --tally "$dir/tally" --watch "$dir/watch-$label")
  fi
  run_client "$out" \
    java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.MxLoad --host localhost --port "$mx_port" \
      --ca "$dir/pki/dev-root-ca.pem" --keystore "$dir/pki/peer-operator.p12" --secret "$dir/pki/keystore-secret" \
      --from "$peer_sender" "${targets[@]}" --to-password "$password" --imaps-port "$imaps_port" \
      --inbox-timeout "$inbox_timeout" --messages "$count" --connections "$connections" \
      --per-connection "$per_connection" --size "$size"
  if [ "$client_status" = 0 ] && [ "$boxes" != 1 ]; then
    local result checked short_first all_ms start_ms sample_s
    result=$(tail -n 1 "$out")
    read -r short_first all_ms < <(boxes_check "$stack_key")
    [ "$all_ms" != 0 ] || fail "$stack_name lost messages on load $label: some of the $boxes boxes lack what was" \
      "accepted for them $inbox_timeout s after the load (tally: $dir/tally)"
    start_ms=$(field "$result" start_epoch_ms)
    sample_s=$(field "$result" inbox_visible_s)
    # The sample's time when the first check found every box complete; the check's own time otherwise.
    checked=$sample_s
    [ "$short_first" = 0 ] || checked=$(awk -v a="$start_ms" -v b="$all_ms" 'BEGIN { printf "%.3f", (b - a) / 1000 }')
    echo "${result/inbox_visible_s=$sample_s/inbox_visible_s=$checked} sample_visible_s=$sample_s short_at_first_check=$short_first"
    return
  fi
  if [ "$client_status" != 0 ]; then
    tail -n 20 "$dir"/*.log >&2
    cat "$out" >&2
    local result
    result=$(tail -n 1 "$out")
    if [ "$(field "$result" inbox_visible_s)" = NA ]; then
      fail "$stack_name lost messages on load $label: the INBOX holds $(field "$result" readable) of the" \
        "$(field "$result" accepted) accepted $inbox_timeout s after the load"
    fi
    fail "$stack_name: MxLoad failed on load $label (status $client_status): a refusal or a broken connection, above"
  fi
  tail -n 1 "$out"
}

# run_stack NAME ROUND: one stack on fresh data, warmed up, then the two loads; appends to $work/peer-results.
run_stack() {
  local name=$1 round=$2 dir=$work/$1-$2 load count size before after figures result
  stack_name=${stack_label[$name]}
  stack_key=$name
  mkdir -p "$dir"
  stack_pki "$dir"
  : >"$work/passwords-set"
  if [ "$name" = peer ]; then peer_start "$dir"; else caducee_start "$dir" "$name"; fi
  mx_load "$dir" warmup "$warmup" 4096 >/dev/null
  for load in small large; do
    if [ $load = small ]; then count=$small_messages size=4096; else count=$large_messages size=1048576; fi
    # shellcheck disable=SC2086 # a list of pids
    start_sampler "$dir/peak-$load" $stack_pids
    # shellcheck disable=SC2086
    read -r _ _ before < <(stack_figures $stack_pids)
    result=$(mx_load "$dir" "$load" "$count" "$size")
    # shellcheck disable=SC2086
    read -r _ _ after < <(stack_figures $stack_pids)
    stop_sampler
    read -r peak_rss peak_pss <"$dir/peak-$load"
    figures="$name $load $result rss_kb=$peak_rss pss_kb=$peak_pss cpu_ticks=$((after - before))"
    echo "$figures" >>"$work/peer-results"
    echo "  $stack_name, $load: $(field "$result" msg_per_s) msg/s, all readable $(field "$result" inbox_visible_s) s," \
      "p50 $(field "$result" p50_ms) ms, p99 $(field "$result" p99_ms) ms, peak RSS $(mb "$peak_rss") MB," \
      "CPU $(awk -v t=$((after - before)) -v hz="$clk_tck" 'BEGIN { printf "%.1f", t / hz }') s"
  done
  if [ "$name" = peer ]; then peer_stop "$dir"; else stop_server; fi
  rm -rf "$dir"
}

field() { local pair; for pair in $1; do if [ "${pair%%=*}" = "$2" ]; then echo "${pair#*=}"; fi; done; }

# peer_values KEY STACK LOAD: the values of KEY over the rounds.
peer_values() {
  awk -v key="$1" -v stack="$2" -v load="$3" '$1 == stack && $2 == load {
    for (i = 3; i <= NF; i++) { split($i, kv, "="); if (kv[1] == key) print kv[2] } }' "$work/peer-results"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

peer_table() {
  local load count size key stack row
  declare -A m
  echo "| Load | Figure | ${stack_label[on]} | ${stack_label[off]} | ${stack_label[peer]} | on / Postfix | on / off |"
  echo "|---|---|---|---|---|---|---|"
  for load in small large; do
    if [ $load = small ]; then count=$small_messages size="4 KB"; else count=$large_messages size="1 MB"; fi
    for stack in "${peer_stacks[@]}"; do
      for key in msg_per_s inbox_visible_s p50_ms p99_ms rss_kb pss_kb cpu_ticks; do
        # shellcheck disable=SC2046 # a list of values
        m[$stack-$key]=$(median $(peer_values "$key" "$stack" "$load"))
      done
      m[$stack-rss]=$(mb "${m[$stack-rss_kb]}")
      m[$stack-pss]=$(mb "${m[$stack-pss_kb]}")
      m[$stack-cpu]=$(awk -v t="${m[$stack-cpu_ticks]}" -v hz="$clk_tck" 'BEGIN { printf "%.1f", t / hz }')
    done
    local first="$count × $size"
    for row in "msg/s accepted:msg_per_s" "all readable, s:inbox_visible_s" "SMTP latency p50, ms:p50_ms" \
        "SMTP latency p99, ms:p99_ms" "peak RSS (sum of the processes), MB:rss" "peak PSS (sum), MB:pss" "CPU, s:cpu"; do
      key=${row#*:}
      echo "| $first | ${row%%:*} | ${m[on-$key]} | ${m[off-$key]} | ${m[peer-$key]} |" \
        "**$(ratio "${m[on-$key]}" "${m[peer-$key]}")** | $(ratio "${m[on-$key]}" "${m[off-$key]}") |"
      first=""
    done
  done
}

phase_peer() {
  peer_tools
  require_tools java openssl awk perl curl
  rules_off_config
  password=bench-$(printf "%05d%05d" "$RANDOM" "$RANDOM")
  clk_tck=$(getconf CLK_TCK)
  rm -f "$work/peer-results"
  if [ "$boxes" = 1 ]; then
    echo "$peer_box" >"$work/boxes.txt"
  else
    seq -f "box%04g@$peer_domain" "$boxes" >"$work/boxes.txt"
  fi
  local load_before round i
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== Side by side on the MX: $small_messages × 4 KB and $large_messages × 1 MB over $connections connections" \
    "($per_connection messages per connection), STARTTLS, to $boxes box(es), $rounds round(s)"
  for round in $(seq "$rounds"); do
    echo "round $round"
    # Rotating order, so that no stack always meets a warmer (or busier) machine.
    for i in 0 1 2; do
      run_stack "${peer_stacks[(i + round - 1) % 3]}" "$round"
    done
  done
  local table
  table=$(peer_table)
  echo
  echo "$table"
  echo
  echo "Every run:"
  cat "$work/peer-results"
  if $record; then
    record_entry "## Side by side: Caducée vs Postfix → Dovecot" "$(cat <<EOF
### $(date '+%Y-%m-%d %H:%M %Z')

- Machine: $(machine); load generator on the same machine; load average $load_before before, $(cut -d' ' -f1-3 /proc/loadavg) after
- Versions: Caducée $caducee_version, Postfix $(postconf -dh mail_version), Dovecot $(dovecot --version)
- Caducée JVM options: \`$java_opts\`, managed PostgreSQL; $warmup messages of 4 KB to warm each stack up first
- Command: \`$(command_line)\`
- Load: $([ "$boxes" = 1 ] && echo "every message to one box" || echo "messages spread round-robin over $boxes boxes; all readable: a sample of $peer_sample INBOXes over IMAPS, every box checked on the server's side")
- Medians of $rounds round(s); ratios above 1 favour Caducée for msg/s, below 1 for the other figures

$table
EOF
)"
  fi
}
