# shellcheck shell=sh
# SELinux as it bears on nginx (remotescripts::selinux): "@@getenforce", "@@getsebool"
# (httpd_can_network_connect) and "@@avc" (this month's denials naming nginx or httpd), or
# "@@getenforce missing" / "@@avc missing". Reads only; no arguments.
# Tools are looked up in sbin too: a non-root login often lacks it on PATH.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"

if command -v getenforce >/dev/null 2>&1; then
  echo @@getenforce; getenforce 2>&1
  echo @@getsebool; getsebool httpd_can_network_connect 2>&1
  if command -v ausearch >/dev/null 2>&1; then
    echo @@avc; ausearch -m AVC,USER_AVC -ts this-month 2>&1 | grep -E 'nginx|httpd' | tail -n 100
  else
    echo '@@avc missing'
  fi
else
  echo '@@getenforce missing'
fi
true
