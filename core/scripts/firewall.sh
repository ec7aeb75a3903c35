# shellcheck shell=sh
# The packet filters (remotescripts::firewall): `iptables -S`, `ip6tables -S`, `nft list ruleset`
# and `ufw status`, each under "@@NAME", or "@@NAME missing" when the tool is not there. Reads only;
# no arguments. Tools are looked up in sbin too: a non-root login often lacks it on PATH.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"

for t in iptables ip6tables; do
  if command -v $t >/dev/null 2>&1; then echo "@@$t"; $t -S 2>&1; else echo "@@$t missing"; fi
done
if command -v nft >/dev/null 2>&1; then echo @@nft; nft list ruleset 2>&1; else echo '@@nft missing'; fi
if command -v ufw >/dev/null 2>&1; then echo @@ufw; ufw status 2>&1; else echo '@@ufw missing'; fi
true
