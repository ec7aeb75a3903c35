# shellcheck shell=sh
# A TCP connect to $1 (host or address) port $2 within $4 seconds: "tcp=open", "tcp=timeout",
# "tcp=failed WHY" or "tcp=unknown" (no bash for /dev/tcp); then, when $3 is http or https, one
# request with curl: "http=CODE time=SECONDS" (remotescripts::probeTcp). Reads only.

host=$1; port=$2; scheme=$3; timeout=$4
# bash's /dev/tcp gives a plain connect result; curl is the fallback and the HTTP prober.
if command -v bash >/dev/null 2>&1; then
  # shellcheck disable=SC2016 # $0 and $1 are bash's own, the host and port passed to it
  out=$(timeout "$timeout" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>&1)
  rc=$?
  if [ $rc = 0 ]; then echo tcp=open; elif [ $rc = 124 ]; then echo tcp=timeout; else echo "tcp=failed $out"; fi
else
  echo tcp=unknown
fi
case $scheme in
  http|https)
    case $host in *:*) url="$scheme://[$host]:$port/" ;; *) url="$scheme://$host:$port/" ;; esac
    command -v curl >/dev/null 2>&1 && curl -k -sS -o /dev/null -m "$timeout" -w 'http=%{http_code} time=%{time_total}\n' "$url" 2>&1 ;;
esac
true
