# A WebAdmin token from a shell script, with openssl alone: a JWT (RFC 7519) signed RS256 with the operator key of a
# data folder (<data>/pki/webadmin/operator-key.pem), with admin: true and an expiry, as scripts/directory mints them.
#   mint_webadmin_header KEY FILE [SECONDS]   writes "Authorization: Bearer <token>" to FILE, owner-only, for
#                                             curl -H @FILE; the token is valid SECONDS (default 600)

mint_webadmin_header() {
  local key=$1 file=$2 lifetime=${3:-600} now head claims signature subject
  now=$(date +%s)
  subject=$(printf '%s' "${USER:-operator}" | tr -c 'A-Za-z0-9._@-' '_' | cut -c1-64)
  head=$(printf '{"alg":"RS256","typ":"JWT"}' | webadmin_b64url)
  claims=$(printf '{"sub":"%s","admin":true,"iat":%d,"exp":%d}' "${subject:-operator}" "$now" $((now + lifetime)) \
    | webadmin_b64url)
  signature=$(printf '%s.%s' "$head" "$claims" | openssl dgst -sha256 -sign "$key" -binary | webadmin_b64url) \
    || return 1
  [ -n "$signature" ] || return 1
  (umask 077 && printf 'Authorization: Bearer %s.%s.%s\n' "$head" "$claims" "$signature" >"$file")
}

webadmin_b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
