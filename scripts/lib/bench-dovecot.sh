# A private Dovecot serving one box over IMAPS, as scripts/bench-imap and the mailbox phase of scripts/bench-scaling
# run it beside Caducée. Source it after lib/bench-common.sh and lib/bench-peer.sh (await_port, await_exit).
# Variables read by dovecot_start: box (the address), password, iterations (PBKDF2 count of its password hash).
# shellcheck shell=bash

# --- Dovecot ----------------------------------------------------------------------------------------------------------
# Debian's package with Dovecot's defaults; what follows is every setting changed (dovecot.conf written whole, not
# Debian's conf.d), and why:
#   base_dir, state_dir, log_path, instance_name   a private instance under the work folder
#   protocols = imap, listen = 127.0.0.1, imaps on a free loopback port, imap (plain) off: implicit TLS, as Caducée's
#                                      imaps listener is measured
#   ssl = required, ssl_cert, ssl_key  the same certificate as Caducée's
#   passdb and userdb passwd-file      the one box, its password hashed with {PBKDF2} at Caducée's iteration count
#                                      (Dovecot's PBKDF2 is HMAC-SHA1, ours HMAC-SHA512: the same count, close costs)
#   mail_location = maildir:~/Maildir  Dovecot's usual store for a box that many clients open at once
#   mail_uid/gid = mail, first_valid_uid = 8   mail stored as Debian's "mail" user (uid 8; the default floor is 500)
#   mail_max_userip_connections = 100  10 clients from one address on one box are above the default 10 as soon as one
#                                      reconnects before the server saw its previous connection close

dovecot_imap_conf() {
  local dir=$1 port=$2
  cat <<EOF
instance_name = caducee-$bench_name
base_dir = $dir/run
state_dir = $dir/state
log_path = $dir/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$dir/tls/server.pem
ssl_key = <$dir/tls/server.key.pem
mail_location = maildir:~/Maildir
mail_uid = mail
mail_gid = mail
first_valid_uid = 8
protocol imap {
  mail_max_userip_connections = 100
}
passdb {
  driver = passwd-file
  args = $dir/users
}
userdb {
  driver = passwd-file
  args = $dir/users
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = $port
    ssl = yes
  }
}
EOF
}

# dovecot_start DIR: Dovecot on DIR (its tls/ made by stack_pki), IMAPS on dovecot_port; sets dovecot_pid.
dovecot_start() {
  local dir=$1 hash
  free_port dovecot_port
  mkdir -p "$dir/run" "$dir/state" "$dir/mail"
  chmod 711 "$work" "$dir"
  chown mail:mail "$dir/mail"
  dovecot_imap_conf "$dir" "$dovecot_port" >"$dir/dovecot.conf"
  hash=$(doveadm pw -s PBKDF2 -r "$iterations" -p "$password") || fail "doveadm pw failed"
  echo "$box:$hash::::$dir/mail/$box::" >"$dir/users"
  chmod 640 "$dir/users"
  chgrp dovecot "$dir/users"
  on_exit+=("dovecot_stop $dir")
  /usr/sbin/dovecot -c "$dir/dovecot.conf" >>"$dir/dovecot.log" 2>&1 \
    || { tail -n 20 "$dir/dovecot.log" >&2; fail "Dovecot did not start"; }
  await_port "$dovecot_port" || { tail -n 20 "$dir/dovecot.log" >&2; fail "Dovecot not listening on $dovecot_port"; }
  local i
  for i in $(seq 100); do [ -s "$dir/run/master.pid" ] && break; sleep 0.1; done
  read -r dovecot_pid <"$dir/run/master.pid" || fail "no pid in $dir/run/master.pid"
}

dovecot_stop() {
  local dir=$1 pid=""
  [ -f "$dir/run/master.pid" ] && read -r pid <"$dir/run/master.pid"
  /usr/sbin/dovecot -c "$dir/dovecot.conf" stop >/dev/null 2>&1 || true
  [ -n "$pid" ] && await_exit "$pid"
}

# The number of messages in the INBOX of box $2 of the Dovecot on DIR $1, as Dovecot counts them.
dovecot_inbox_count() {
  doveadm -c "$1/dovecot.conf" -f tab mailbox status -u "$2" messages INBOX | awk 'END { print $NF }'
}
