# Shared by scripts/bench, the scripts/bench-* scripts and scripts/reliability: a work folder cleaned on exit, free loopback ports,
# starting and stopping a server the way scripts/run does, process figures from /proc, WebAdmin calls, and recording
# a result in docs/BENCHMARKS.md (or another document). Source it after setting bench_name (used in messages); it
# sets root, work and the helpers below.
# Variables read: java_opts (JVM options of the server), config_dir (defaults to james-config/), bench_demo (true
# for the demo data on first start; default false).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The Caducée version measured: the commit at the start of the run ("+changes" when the tree differed from it, docs
# aside), taken once so that a run appending to docs/ names what it ran, not what was committed meanwhile.
caducee_version=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- . ':!docs' 2>/dev/null || echo "+changes")
server_jar=$root/server/target/caducee-server.jar
bench_jar=$root/bench/target/caducee-bench.jar
config_dir=${config_dir:-$root/james-config}
# shellcheck source=webadmin-token.sh
source "$root/scripts/lib/webadmin-token.sh"

fail() {
  echo "$bench_name: $*" >&2
  exit 1
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "$tool is required"
  done
}

# Installs Debian packages $@ as scripts/install-test-dependencies does: apt-get when root, otherwise the line to run.
install_packages() {
  if [ "$(id -u)" -ne 0 ]; then
    fail "needs: $*. Install them with: sudo apt-get install -y $*"
  fi
  echo "Installing $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# Writes the "rules off" configuration to $work/config-off and sets off_config to it: a copy of james-config/ with the
# switch caducee.benchmark.rulesOff=true (the SMTP listeners run James's own chain, TLS and AUTH only, no Caducée hook:
# see BenchmarkChainWithoutRules; the server says so at WARN), and whose mailet container has none of our mailets (the
# relay processor's matcher and socket factory stay: they are never reached by local mail; James's LocalDelivery
# replaces our audited one).
rules_off_config() {
  off_config=$work/config-off
  rm -rf "$off_config"
  cp -r "$root/james-config" "$off_config"
  if grep -q '^caducee\.benchmark\.rulesOff=' "$off_config/caducee.properties"; then
    sed -i 's/^caducee\.benchmark\.rulesOff=.*/caducee.benchmark.rulesOff=true/' "$off_config/caducee.properties"
  else
    echo 'caducee.benchmark.rulesOff=true' >>"$off_config/caducee.properties"
  fi
  # Local delivery stays, as James's own LocalDelivery (ours is that plus the audit record).
  sed -i 's/class="fr\.caducee\.rules\.audit\.AuditedLocalDelivery"/class="LocalDelivery"/' "$off_config/mailetcontainer.xml"
  perl -0pi -e 's/[ \t]*<mailet match="[^"]*" class="fr\.caducee\.rules\.[^"]*"\/>\n//g;
                s/[ \t]*<mailet match="[^"]*" class="fr\.caducee\.rules\.[^"]*">.*?<\/mailet>\n//gs' "$off_config/mailetcontainer.xml"
  if ! grep -qx 'caducee.benchmark.rulesOff=true' "$off_config/caducee.properties"; then
    fail "the 'off' configuration does not turn the rules off (caducee.benchmark.rulesOff in caducee.properties)"
  fi
  if grep -q 'class="fr.caducee.rules' "$off_config/mailetcontainer.xml"; then
    fail "the 'off' configuration still names Caducée mailets"
  fi
}

# Options of a script made of phases (all_phases, in order): --record, --only A,B (or the environment variable named
# $1), -h/--help (the script's header comment). Sets record and selected (the phases to run).
parse_phase_options() {
  local phases=${!1:-}
  shift
  record=false
  while [ $# -gt 0 ]; do
    case $1 in
      --record) record=true ;;
      --only) [ $# -gt 1 ] || fail "--only needs a phase list (e.g. --only ${all_phases[0]})"; phases=$2; shift ;;
      --only=*) phases=${1#--only=} ;;
      -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
      *) fail "unknown argument $1 (try --help)" ;;
    esac
    shift
  done
  [ -n "$phases" ] || phases=$(IFS=,; echo "${all_phases[*]}")
  IFS=', ' read -r -a selected <<<"$phases"
  local phase
  for phase in "${selected[@]}"; do
    [[ " ${all_phases[*]} " == *" $phase "* ]] || fail "unknown phase $phase (phases: ${all_phases[*]})"
  done
}

build_if_needed() {
  if [ ! -f "$server_jar" ] || [ ! -d "$root/server/target/lib" ] || [ ! -f "$bench_jar" ] \
      || [ ! -d "$root/bench/target/lib" ]; then
    echo "Building Caducée..."
    (cd "$root" && mvn -B -q -DskipTests -pl server,bench -am package)
  fi
}

work=$(mktemp -d "/tmp/caducee-$bench_name.XXXXXX")
# Run as root, the managed PostgreSQL (the default database) runs as an unprivileged user that must pass through.
chmod 711 "$work"
server_pid=""
drain_pid=""
client_pid=""
pause_pid=""
# Further background processes a script starts (samplers...), killed on exit.
extra_pids=""
# Commands run on exit once the processes above are stopped and before the work folder is removed: stopping servers a
# script started by other means than start_server, unmounting a file system mounted inside the work folder...
on_exit=()

cleanup() {
  for pid in $client_pid $pause_pid $extra_pids; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$drain_pid" ]; then wait "$drain_pid" 2>/dev/null || true; fi
  local command
  for command in "${on_exit[@]}"; do $command || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Bash runs a trap only once the foreground command returns, but interrupts a wait at once: so long sleeps and the
# load generator run in the background and are waited for, and an interrupted run cleans up without delay.
pause() {
  sleep "$1" &
  pause_pid=$!
  wait "$pause_pid"
  pause_pid=""
}

# Runs a load generator in the background and waits for it, its output to file $1; sets client_status.
run_client() {
  local out=$1
  shift
  client_status=0
  "$@" >"$out" &
  client_pid=$!
  wait "$client_pid" || client_status=$?
  client_pid=""
}

# Microseconds since the epoch, without a fork and whatever the locale's decimal separator.
now_us() { printf -v "$1" '%s' "${EPOCHREALTIME//[!0-9]/}"; }

# Below the kernel's ephemeral range (32768+), so an outgoing connection cannot be holding the port we pick;
# a refused connection on loopback means nobody listens there.
taken_ports=" "
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    [[ $taken_ports == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken_ports+="$port "
      printf -v "$1" '%s' "$port"
      return
    fi
  done
}

pick_ports() {
  free_port mx_port; free_port submission_port; free_port submissions_port
  free_port imap_port; free_port imaps_port; free_port webadmin_port; free_port directory_port
}

# Starts a server on data folder $1, console to log $2, further arguments passed to the JVM (-D...); sets server_pid
# and ready_ms (JVM launch to the "ready" line). The console goes through a FIFO read line by line, so the ready
# line is seen the moment it is printed, without polling a log file while the JVM competes for the same 2 cores.
start_server() {
  local data=$1 log=$2 fifo=$work/console.fifo line t0 t1
  shift 2
  server_data=$data
  rm -f "$fifo"
  mkfifo "$fifo"
  mkdir -p "$data"
  now_us t0
  # Not through scripts/run: its freshness check could start a Maven build while others build in this tree, and its
  # shell would be counted in the start time. The java command line is the same.
  # shellcheck disable=SC2086 # java_opts is a list of options, as in scripts/run
  java $java_opts -Dfile.encoding=UTF-8 \
    -Dlogback.configurationFile="$root/james-config/logback.xml" \
    -Dcaducee.data="$data" \
    -Dcaducee.config="$config_dir" \
    -Dcaducee.trustAnchors="$root/trust-anchors" \
    -Dcaducee.demo="${bench_demo:-false}" \
    -Dcaducee.hostnames=localhost \
    -Dcaducee.mx.bind="127.0.0.1:$mx_port" \
    -Dcaducee.submission.bind="127.0.0.1:$submission_port" \
    -Dcaducee.submissions.bind="127.0.0.1:$submissions_port" \
    -Dcaducee.imap.bind="127.0.0.1:$imap_port" \
    -Dcaducee.imaps.bind="127.0.0.1:$imaps_port" \
    -Dcaducee.webadmin.port="$webadmin_port" \
    -Dcaducee.directory.listen="127.0.0.1:$directory_port" \
    "$@" \
    -cp "$server_jar:$root/server/target/lib/*" fr.caducee.server.CaduceeServer >"$fifo" 2>&1 &
  server_pid=$!
  exec 3<"$fifo"
  while IFS= read -r -t 600 line <&3; do
    printf '%s\n' "$line" >>"$log"
    if [[ $line == *" ready" ]]; then
      now_us t1
      ready_ms=$(((t1 - t0) / 1000))
      # Keep draining: a JVM writing to a FIFO nobody reads would block, or die of SIGPIPE.
      cat <&3 >>"$log" &
      drain_pid=$!
      exec 3<&-
      return 0
    fi
  done
  exec 3<&-
  tail -n 40 "$log" >&2
  fail "server did not get ready (log above, data $data)"
}

# SIGTERM, as an init system stops it; sets stop_ms (signal to process exit). SIGKILL after 120 s.
# With "lenient" as $1, a server still running after 120 s is killed and stop_server returns 1 instead of failing the
# script (a check that found the server broken still reports).
stop_server() {
  local t0 t1 lenient=${1:-}
  now_us t0
  kill -TERM "$server_pid"
  sleep 120 &
  pause_pid=$!
  wait -n "$server_pid" "$pause_pid" || true
  now_us t1
  kill "$pause_pid" 2>/dev/null || true
  wait "$pause_pid" 2>/dev/null || true
  pause_pid=""
  local stopped=true
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -KILL "$server_pid"
    wait "$server_pid" || true
    [ "$lenient" = lenient ] || fail "server still running 120 s after SIGTERM"
    stopped=false
  fi
  wait "$drain_pid" 2>/dev/null || true
  stop_ms=$(((t1 - t0) / 1000))
  server_pid=""
  drain_pid=""
  $stopped
}

status_kb() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

# utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after the command name).
cpu_ticks() {
  local stat fields
  stat=$(<"/proc/$1/stat")
  read -r -a fields <<<"${stat##*) }"
  echo $((fields[11] + fields[12]))
}

mb() { echo $((($1 + 512) / 1024)); }

# "median UNIT (min A, max B)" of the values after UNIT; the median of an even count is the lower middle value.
spread() {
  local unit=$1 sorted
  shift
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -n)
  local n=${#sorted[@]}
  echo "${sorted[(n - 1) / 2]} $unit (min ${sorted[0]}, max ${sorted[n - 1]})"
}

# The median of the values (the lower middle one for an even count).
median() {
  local sorted
  mapfile -t sorted < <(printf '%s\n' "$@" | sort -g)
  echo "${sorted[(${#sorted[@]} - 1) / 2]}"
}

# The load average over 1, 5 and 15 minutes, as the figures are read next to it on a shared machine.
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# Seconds, one decimal, between two now_us readings.
seconds_since() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }

# POSTs the national extract $1 to /directory/imports/extract, $2 (an idNat) responsible for its new ORG boxes; sets
# import_s (wall time, upload included) and import_load (load average at the end), and leaves the report in
# $work/import.json.
import_extract() {
  local t0 t1 status
  now_us t0
  webadmin_curl -s -o "$work/import.json" -w '%{http_code}' --data-binary "@$1" -H 'Content-Type: text/plain' \
    "http://127.0.0.1:$webadmin_port/directory/imports/extract?orgResponsible=$2" >"$work/import.status" &
  client_pid=$!
  wait "$client_pid" || fail "the import request failed (curl status $?)"
  client_pid=""
  now_us t1
  status=$(<"$work/import.status")
  [ "$status" = 200 ] || fail "import answered $status: $(head -c 2000 "$work/import.json")"
  import_s=$(seconds_since "$t0" "$t1")
  import_load=$(load_avg)
}

# curl to WebAdmin with a token signed by the operator key of the server's data folder (see lib/webadmin-token.sh),
# renewed after 5 minutes, in an owner-only header file that curl reads (-H @file): never on a command line.
webadmin_curl() {
  local key=$server_data/pki/webadmin/operator-key.pem file=$work/webadmin.header
  if [ ! -s "$file" ] || [ "$(cat "$work/webadmin.key" 2>/dev/null)" != "$key" ] || [ -n "$(find "$file" -mmin +5)" ]; then
    mint_webadmin_header "$key" "$file" || fail "cannot sign a WebAdmin token with $key"
    printf '%s' "$key" >"$work/webadmin.key"
  fi
  curl -H @"$file" "$@"
}

# PUT to WebAdmin, expecting one of the statuses given after the body (default 204).
webadmin_put() {
  local path=$1 body=${2:-} status
  shift 2 || shift $#
  local expected=("${@:-204}")
  status=$(webadmin_curl -s -o "$work/webadmin.out" -w '%{http_code}' -X PUT "http://127.0.0.1:$webadmin_port$path" \
    -H 'Content-Type: application/json' ${body:+-d "$body"})
  [[ " ${expected[*]} " == *" $status "* ]] || fail "PUT $path answered $status: $(cat "$work/webadmin.out")"
}

# GET from WebAdmin: prints the answer; fails on anything but 200.
webadmin_get() {
  local status
  status=$(webadmin_curl -s -o "$work/webadmin.out" -w '%{http_code}' "http://127.0.0.1:$webadmin_port$1")
  [ "$status" = 200 ] || fail "GET $1 answered $status: $(head -c 500 "$work/webadmin.out")"
  cat "$work/webadmin.out"
}

# A valid RPPS idNat from a number: 8, then the 11-digit RPPS (10 digits and a Luhn key).
idnat_for() {
  local payload digits sum=0 i d
  payload=$(printf '%010d' "$1")
  for key in 0 1 2 3 4 5 6 7 8 9; do
    digits=$payload$key sum=0
    for ((i = 0; i < ${#digits}; i++)); do
      d=${digits:${#digits}-1-i:1}
      ((i % 2 == 1)) && { d=$((d * 2)); ((d > 9)) && d=$((d - 9)); }
      sum=$((sum + d))
    done
    ((sum % 10 == 0)) && { echo "8$digits"; return; }
  done
}

# Registers a professional (number $3) with a PER box $1 whose password is $2.
add_box() {
  local address=$1 password=$2 idnat
  idnat=$(idnat_for "$3")
  webadmin_put "/directory/professionals/$idnat" "{\"lastName\":\"${address%%@*}\"}" 200 201
  webadmin_put "/directory/boxes/$address" "{\"type\":\"PER\",\"professional\":\"$idnat\"}" 200 201
  webadmin_put "/directory/boxes/$address/password" "{\"password\":\"$password\"}"
}

# MxLoad as the development PKI's peer operator (sender@peer-operator.localhost and its client certificate) against
# the MX of the server on data folder $1; the further arguments go to MxLoad (--to or --recipients, --messages...).
# Prints its result line; fails, with the end of $work/server.log, if a message was refused.
mx_load() {
  local data=$1
  shift
  run_client "$work/load.out" java -cp "$bench_jar:$root/bench/target/lib/*" fr.caducee.bench.MxLoad --host localhost \
    --port "$mx_port" --ca "$data/pki/dev-root-ca.pem" --keystore "$data/pki/peer-operator.p12" \
    --secret "$data/pki/keystore-secret" --from sender@peer-operator.localhost "$@"
  if [ "$client_status" != 0 ]; then
    cat "$work/load.out" >&2
    tail -n 30 "$work/server.log" >&2 2>/dev/null || true
    fail "MxLoad failed with status $client_status"
  fi
  tail -n 1 "$work/load.out"
}

# The value of key $2 in a line $1 of key=value pairs (the last line of the load generators).
field() { local pair; for pair in $1; do if [ "${pair%%=*}" = "$2" ]; then echo "${pair#*=}"; fi; done; }

# $1 / $2 with two decimals (0 when $2 is 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# "N cores, M GB RAM; java version" of this machine.
machine() {
  echo "$(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GB RAM; $(java -version 2>&1 | head -n 1)"
}

# Appends entry $2 at the end of section $1 (a "## " heading) of document $3 (default docs/BENCHMARKS.md), creating
# the section if needed.
record_entry() {
  local heading=$1 entry=$2 doc=$root/${3:-docs/BENCHMARKS.md}
  if grep -qxF "$heading" "$doc"; then
    # Through the environment: awk -v would interpret backslashes in the entry.
    HEADING=$heading ENTRY=$entry awk '
      $0 == ENVIRON["HEADING"] { inside = 1; print; next }
      inside && /^## / { print ENVIRON["ENTRY"]; print ""; inside = 0; done = 1 }
      { print }
      END { if (!done) { print ""; print ENVIRON["ENTRY"] } }' "$doc" >"$work/record.md"
    cat "$work/record.md" >"$doc"
  else
    printf '\n%s\n\n%s\n' "$heading" "$entry" >>"$doc"
  fi
  echo
  echo "Recorded in ${doc#"$root"/}"
}
