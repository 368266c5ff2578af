# The tls phase of scripts/reliability (sourced by it): testssl.sh on every TLS port, openssl s_client on the MX's
# client-certificate requirement. Uses the variables and helpers of scripts/reliability and lib/bench-common.sh.
# shellcheck shell=bash

tls_tools() {
  local missing=()
  command -v testssl >/dev/null || missing+=(testssl.sh)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v jq >/dev/null || missing+=(jq)
  [ ${#missing[@]} -eq 0 ] || install_packages "${missing[@]}"
}

# testssl_port NAME PORT [STARTTLS]: runs testssl.sh on one port, its flat JSON to $work/tls-NAME.json.
testssl_port() {
  local name=$1 port=$2 starttls=${3:-} json=$work/tls-$1.json
  local options=(--quiet --color 0 --warnings batch --nodns none --ip 127.0.0.1 --connect-timeout 10
    --openssl-timeout 10 -p -s -E -S -U --jsonfile "$json")
  [ -n "$starttls" ] && options+=(--starttls "$starttls")
  # testssl's exit status counts what it found, not whether it ran: the JSON file tells that.
  (cd "$work" && testssl "${options[@]}" "localhost:$port" >"$work/tls-$name.txt" 2>&1) || true
  if [ ! -s "$json" ] || ! jq -e 'any(.[]; .id == "TLS1_2")' "$json" >/dev/null; then
    tail -n 20 "$work/tls-$name.txt" >&2
    failures+=("$name: testssl.sh did not complete (output above)")
    return 1
  fi
}

# openssl_port NAME PORT STARTTLS: the protocols and every cipher suite this openssl knows, one handshake each, written
# to $work/tls-NAME.json in testssl's flat format. For IMAP STARTTLS: testssl.sh 3.0 looks for the capability
# "IMAP4rev1" case-sensitively and James announces "IMAP4REV1" (capability names are case-insensitive, RFC 3501), so
# its socket checks cannot open the session. openssl 3 cannot send SSLv2/SSLv3: those are left untested here (the
# imaps port, same TLS settings, is covered by testssl's own sockets).
openssl_port() {
  local name=$1 port=$2 starttls=$3 json=$work/tls-$1.json findings=() proto flag suite out
  handshake() {
    timeout 10 openssl s_client -brief -starttls "$starttls" -connect "127.0.0.1:$port" -servername localhost "$@" \
      </dev/null 2>&1 | sed -n 's/^Ciphersuite: //p' || true
  }
  for proto in TLS1:tls1 TLS1_1:tls1_1 TLS1_2:tls1_2 TLS1_3:tls1_3; do
    flag=${proto#*:}
    if [ "$flag" = tls1_3 ]; then out=$(handshake -tls1_3); else out=$(handshake "-$flag" -cipher 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'); fi
    findings+=("${proto%%:*}" "$([ -n "$out" ] && echo offered || echo "not offered")")
  done
  for suite in $(openssl ciphers -tls1_2 'ALL:COMPLEMENTOFALL:@SECLEVEL=0' | tr ':' ' '); do
    [[ $suite == TLS_* ]] && continue
    out=$(handshake -tls1_2 -cipher "$suite:@SECLEVEL=0")
    [ -n "$out" ] && findings+=("cipher-tls1_2_$suite" "TLS 1.2 - $suite $(openssl ciphers -v "$suite:@SECLEVEL=0" | awk -v s="$suite" '$1 == s { sub("Kx=", "", $3); print $3 }')")
  done
  for suite in $(openssl ciphers -s -tls1_3 | tr ':' ' '); do
    [[ $suite == TLS_* ]] || continue
    out=$(handshake -tls1_3 -ciphersuites "$suite")
    [ -n "$out" ] && findings+=("cipher-tls1_3_$suite" "TLS 1.3 - $suite any")
  done
  printf '%s\n' "${findings[@]}" | jq -R -n '[inputs] as $l | [range(0; $l | length; 2)
    | {id: $l[.], severity: "INFO", finding: $l[. + 1]}]' >"$json"
}

# The findings of one port's JSON: protocols offered, cipher suites, weak ones, findings of severity MEDIUM and above.
tls_protocols() {
  jq -r '[.[] | select((.id | test("^(SSLv[23]|TLS1(_[123])?)$")) and (.finding | test("^offered")))
    | .id | sub("_"; ".") | sub("^TLS1$"; "TLS1.0") | sub("TLS1"; "TLS 1")] | join(", ")' "$1"
}
# One line per suite: protocol, OpenSSL name, key exchange (testssl's "cipher-..." findings).
tls_suites() {
  jq -r '.[] | select(.id | startswith("cipher-")) | .finding' "$1" \
    | awk '{ tls = ($1 == "TLS"); print (tls ? "TLS " $2 : $1) "\t" $(3 + tls) "\t" $(4 + tls) }'
}
# Suites not AEAD with an ephemeral key exchange: TLS 1.3's are all; below, ECDHE-/DHE- with GCM, ChaCha20-Poly1305 or
# CCM (16-byte tag).
tls_weak_suites() {
  tls_suites "$1" | awk -F'\t' '
    $1 == "TLS 1.3" { next }
    $1 == "TLS 1.2" && $2 ~ /^(ECDHE|DHE)-/ && ($2 ~ /GCM|CHACHA20-POLY1305/ || ($2 ~ /CCM/ && $2 !~ /CCM8/)) { next }
    { print $1 " " $2 }'
  # testssl's own rating of the cipher categories (NULL, anonymous, export, LOW, 3DES/IDEA, CBC).
  jq -r '.[] | select((.id | startswith("cipherlist_")) and (.severity | IN("OK", "INFO") | not)
    and (.finding | test("^offered"))) | "\(.id) (\(.severity))"' "$1"
}
tls_findings() {
  jq -r '[.[] | select(.severity | IN("MEDIUM", "HIGH", "CRITICAL")) | "\(.id) \(.severity): \(.finding)"] | unique
    | .[]' "$1"
}

# mx_session WITH_CERT TLS_VERSION: prints "accepted" when the MX answers a command over TLS (QUIT after EHLO), else
# "refused: <the error>".
mx_session() {
  local cert=() out
  [ "$1" = true ] && cert=(-cert "$work/peer-operator.pem")
  out=$(printf 'EHLO audit.localhost\r\nQUIT\r\n' | timeout 30 openssl s_client "-$2" -starttls smtp \
    -connect "127.0.0.1:$mx_port" -servername localhost -CAfile "$work/data/pki/dev-root-ca.pem" \
    -verify_return_error "${cert[@]}" -ign_eof -quiet 2>&1) || true
  # The 221 answer to QUIT comes only from inside the TLS session (the EHLO before STARTTLS is s_client's own).
  if grep -q '^221 ' <<<"$out"; then
    echo accepted
  else
    local reason
    reason=$(grep -oE 'alert [a-z ]+' <<<"$out" | head -n 1 || true)
    [ -n "$reason" ] || reason=$(grep -m 1 -iE 'error' <<<"$out" || echo "no answer")
    echo "refused ($reason)"
  fi
}

phase_tls() {
  echo "== tls: testssl.sh on every TLS port, openssl s_client on the MX's client certificate requirement"
  tls_tools
  local t0 t1 name port starttls
  now_us t0
  pick_ports
  start_server "$work/data" "$work/server.log"
  local ports=("mx $mx_port smtp" "submission $submission_port smtp" "submissions $submissions_port"
    "imap $imap_port imap" "imaps $imaps_port")
  local rows="" protocols count weak findings phase_failed=false
  for entry in "${ports[@]}"; do
    read -r name port starttls <<<"$entry"
    if [ "$starttls" = imap ]; then
      echo "  openssl s_client on $name (port $port, STARTTLS imap): testssl.sh 3.0 cannot open this session"
      openssl_port "$name" "$port" "$starttls"
    else
      echo "  testssl.sh on $name (port $port${starttls:+, STARTTLS $starttls})"
      testssl_port "$name" "$port" "$starttls" || { phase_failed=true; continue; }
    fi
    local json=$work/tls-$name.json
    protocols=$(tls_protocols "$json")
    count=$(tls_suites "$json" | wc -l)
    weak=$(tls_weak_suites "$json")
    findings=$(tls_findings "$json" | awk -F: '{ print $1 }' | paste -sd ';' - | sed 's/;/; /g')
    if [[ $protocols =~ SSL|TLS\ 1\.[01]($|,) ]]; then
      failures+=("$name: offers $protocols"); phase_failed=true
    fi
    if [ -n "$weak" ]; then
      failures+=("$name: weak cipher suites: $(paste -sd ';' - <<<"$weak" | sed 's/;/; /g')"); phase_failed=true
    fi
    [[ $protocols == *"TLS 1.2"* || $protocols == *"TLS 1.3"* ]] || { failures+=("$name: no TLS 1.2 or 1.3"); phase_failed=true; }
    [ "$starttls" = imap ] && findings="not checked (openssl handshakes only; SSLv2/v3 not tried)"
    rows+="| $name | $protocols | $count ($(tls_suites "$json" | awk -F'\t' '{ print $2 }' | paste -sd ' ' - | sed 's/ /, /g')) | $(if [ -n "$weak" ]; then paste -sd ';' - <<<"$weak" | sed 's/;/; /g'; else echo none; fi) | ${findings:-none} |"$'\n'
    tls_findings "$json" | sed 's/^/      /'
  done

  # The MX: mutual TLS. testssl.sh 3.0 cannot present a client certificate; openssl s_client checks both sides.
  openssl pkcs12 -in "$work/data/pki/peer-operator.p12" -nodes -passin "file:$work/data/pki/keystore-secret" \
    -out "$work/peer-operator.pem" 2>/dev/null || fail "cannot read pki/peer-operator.p12"
  local mx_rows="" version without with
  for version in tls1_2 tls1_3; do
    without=$(mx_session false "$version")
    with=$(mx_session true "$version")
    [[ $without == refused* ]] || { failures+=("mx: a $version session without a client certificate was accepted"); phase_failed=true; }
    [ "$with" = accepted ] || { failures+=("mx: the peer-operator certificate was $with over $version"); phase_failed=true; }
    mx_rows+="| ${version/tls1_/TLS 1.} | $without | $with |"$'\n'
  done
  stop_server
  now_us t1
  local seconds=$(((t1 - t0) / 1000000))

  local tls_table="| port | protocols offered | cipher suites | weak suites | testssl findings MEDIUM and above |
|---|---|---|---|---|
${rows}
| MX (mutual TLS) | without a client certificate | with the peer-operator certificate |
|---|---|---|
${mx_rows}"
  local verdict=passed
  $phase_failed && verdict=failed
  report_phase tls "$verdict" "$seconds" "$tls_table" "## TLS audit" "- $(testssl --version 2>/dev/null | grep -oE 'testssl +[0-9.]+' | head -n 1 | tr -s ' '), $(openssl version | cut -d ' ' -f 1-2)
- Development PKI of a fresh data folder (server certificate EC P-256); testssl.sh options \`-p -s -E -S -U\`"
}
