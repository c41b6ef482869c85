#!/usr/bin/env bash
# Starts a throwaway Dovecot IMAP server on loopback for the email-to-ticket tests:
#   start-test-imap.sh FOLDER PORT USER PASSWORD
# Mail and state live under FOLDER; one user signs in with a plain password (no TLS: loopback only).
# Prints "ready PORT" once the server answers; stop it with: doveadm -c FOLDER/dovecot.conf stop
set -euo pipefail
folder=$1 port=$2 user=$3 password=$4
dovecot=$(command -v dovecot || echo /usr/sbin/dovecot)
[ -x "$dovecot" ] || { echo "Dovecot not found (install the 'dovecot-imapd' package)" >&2; exit 1; }
mkdir -p "$folder/run" "$folder/mail" "$folder/state"
if [ "$(id -u)" = 0 ]; then
  # As root, mail is kept by an unprivileged account and the server's own processes run as it too.
  owner=nobody; group=$(id -gn nobody)
  chown -R "$owner:$group" "$folder/mail"
else
  owner=$(id -un); group=$(id -gn)
fi
printf '%s:{PLAIN}%s\n' "$user" "$password" > "$folder/users"
cat > "$folder/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $folder/run
state_dir = $folder/state
log_path = $folder/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
default_internal_user = $owner
default_internal_group = $group
default_login_user = $owner
mail_location = maildir:$folder/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $folder/users
}
userdb {
  driver = static
  args = uid=$owner gid=$group home=$folder/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
CONF
# Its daemon must not hold this script's output open, or whoever reads that output waits for ever.
"$dovecot" -c "$folder/dovecot.conf" </dev/null >/dev/null 2>&1
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "ready $port"
    exit 0
  fi
  sleep 0.1
done
echo "Dovecot did not answer on port $port: $(tail -n 5 "$folder/dovecot.log" 2>/dev/null)" >&2
exit 1
