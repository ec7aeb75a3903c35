# shellcheck shell=sh
# The listening TCP and unix sockets with their owning processes (remotescripts::sockets,
# SocketTableParser reads it): "@@ss" and `ss -Hltxnp`, else "@@netstat" and netstat, else the
# kernel's tables ("@@proc-tcp", "@@proc-unix"). Reads only; no arguments.
# Tools are looked up in sbin too: a non-root login often lacks it on PATH.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"

if command -v ss >/dev/null 2>&1; then
  echo @@ss
  # The owners of other users' sockets need root: through `sudo -n` when this login is not root
  # but a sudoers rule allows exactly this command without a password (the rule the coverage
  # offers). Under the diagnosis's own sudo (root) it runs directly.
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n -l ss -Hltxnp >/dev/null 2>&1; then
    sudo -n ss -Hltxnp
  else
    ss -Hltxnp
  fi
elif command -v netstat >/dev/null 2>&1; then
  echo @@netstat; netstat -ltnpx 2>/dev/null
else
  echo @@proc-tcp; cat /proc/net/tcp /proc/net/tcp6
  echo @@proc-unix; cat /proc/net/unix
fi
