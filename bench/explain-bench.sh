#!/usr/bin/env bash
# `gatescope-cli explain` on a generated nginx error log versus grep -c and an awk classifier on
# the same file, in one run: throughput (MB/s) and ratios. See bench/README.md.
#
# Usage: bench/explain-bench.sh [SIZE_MB] [BUILD_DIR]
#   SIZE_MB    size of the generated log (default 1024)
#   BUILD_DIR  a Release build holding cli/gatescope-cli (default build/release, or $GS_BUILD_DIR)
set -euo pipefail

size_mb=${1:-1024}
root=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-${GS_BUILD_DIR:-$root/build/release}}
cli=$build/cli/gatescope-cli
work=$(mktemp -d "${TMPDIR:-/tmp}/gs-explain-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

[ -x "$cli" ] || { echo "missing $cli: build gatescope-cli in Release first" >&2; exit 64; }
command -v mawk >/dev/null || { echo "mawk is not installed" >&2; exit 64; }

# The lines of a busy proxy's error log, in nginx 1.22's own wording (tests/data/explain-mixed),
# with the mix a bad day has: mostly keepalive notices and client noise, a steady share of upstream
# failures, a FastCGI stack trace now and then.
log=$work/error.log
echo "generating a ${size_mb} MB nginx error log in $work ..." >&2
mawk -v limit=$((size_mb * 1024 * 1024)) '
BEGIN {
    ctx = ", client: 10.0.%d.%d, server: shop.example.com, request: \"GET /api/v1/cart/%d HTTP/1.1\", upstream: \"http://10.0.1.%d:8080/api/v1/cart/%d\", host: \"shop.example.com\""
    n = 0
    t[n++] = "[info] %d#%d: *%d client 10.0.%d.%d closed keepalive connection"
    t[n++] = "[info] %d#%d: *%d client 10.0.%d.%d closed keepalive connection"
    t[n++] = "[info] %d#%d: *%d client 10.0.%d.%d closed keepalive connection"
    t[n++] = "[error] %d#%d: *%d connect() failed (111: Connection refused) while connecting to upstream" ctx
    t[n++] = "[error] %d#%d: *%d upstream timed out (110: Connection timed out) while reading response header from upstream" ctx
    t[n++] = "[error] %d#%d: *%d upstream prematurely closed connection while reading response header from upstream" ctx
    t[n++] = "[error] %d#%d: *%d recv() failed (104: Connection reset by peer) while reading response header from upstream" ctx
    t[n++] = "[warn] %d#%d: *%d upstream server temporarily disabled while connecting to upstream" ctx
    t[n++] = "[error] %d#%d: *%d no live upstreams while connecting to upstream" ctx
    t[n++] = "[crit] %d#%d: *%d connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 10.0.%d.%d, server: shop.example.com, request: \"GET /index.php HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"shop.example.com\""
    t[n++] = "[error] %d#%d: *%d open() \"/var/www/html/favicon.ico\" failed (2: No such file or directory), client: 10.0.%d.%d, server: shop.example.com, request: \"GET /favicon.ico HTTP/1.1\", host: \"shop.example.com\""
    t[n++] = "[crit] %d#%d: *%d SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: 10.0.%d.%d, server: 0.0.0.0:443"
    t[n++] = "[error] %d#%d: *%d FastCGI sent in stderr: \"PHP message: PHP Warning:  Undefined array key \"id\" in /var/www/html/cart.php on line 42\" while reading response header from upstream, client: 10.0.%d.%d, server: shop.example.com, request: \"GET /cart.php HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"shop.example.com\""
    t[n++] = "[error] %d#%d: *%d FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught PDOException: SQLSTATE[HY000] [2002] Connection refused in /var/www/html/db.php:7\nStack trace:\n#0 /var/www/html/db.php(7): PDO->__construct()\n#1 {main}\n  thrown in /var/www/html/db.php on line 7\" while reading response header from upstream, client: 10.0.%d.%d, server: shop.example.com, request: \"GET /db.php HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"shop.example.com\""
    t[n++] = "[notice] %d#%d: signal process started"
    bytes = 0; cid = 1; sec = 0
    while (bytes < limit) {
        k = int(rand() * n)
        s = int(sec / 20); sec++
        stamp = sprintf("2026/11/21 %02d:%02d:%02d ", int(s / 3600) % 24, int(s / 60) % 60, int(s) % 60)
        a = int(rand() * 250); b = int(rand() * 250); cart = int(rand() * 99999)
        line = stamp sprintf(t[k], 2400 + cid % 4, 2400 + cid % 4, cid, a, b, cart, a % 8, cart)
        cid++
        print line
        bytes += length(line) + 1
    }
}' > "$log"
bytes=$(stat -c %s "$log")
lines=$(wc -l < "$log")
# Every tool reads from the page cache: this measures parsing, not the disk.
cat "$log" > /dev/null

# seconds COMMAND...: wall seconds of COMMAND (its stdout into $work/out)
seconds() {
    local start end
    start=$(date +%s.%N)
    "$@" > "$work/out" || true
    end=$(date +%s.%N)
    mawk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}

echo "timing gatescope-cli explain ..." >&2
t_explain=$(seconds "$cli" explain --json "$log")
cp "$work/out" "$work/explain.json"
echo "timing grep -c ..." >&2
t_grep=$(seconds grep -c -F 'upstream timed out' "$log")
echo "timing an awk classifier ..." >&2
# What an admin would type: the common message per line into counts.
t_awk=$(seconds mawk '
    /upstream timed out/ { c["timeout"]++; next }
    /Connection refused\) while connecting to upstream/ { c["refused"]++; next }
    /prematurely closed/ { c["closed"]++; next }
    /Connection reset by peer\) while reading response header/ { c["reset"]++; next }
    /no live upstreams/ { c["no_live"]++; next }
    /Resource temporarily unavailable/ { c["backlog"]++; next }
    { c["other"]++ }
    END { for (k in c) print k, c[k] }' "$log")

mb=$(mawk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
rate() { mawk -v m="$mb" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", m / s; else print "inf" }'; }
ratio() { mawk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
echo "log: $mb MB, $lines lines ($(nproc) cores)"
printf '%-28s %8s s %8s MB/s\n' "gatescope-cli explain" "$t_explain" "$(rate "$t_explain")"
printf '%-28s %8s s %8s MB/s\n' "grep -c -F" "$t_grep" "$(rate "$t_grep")"
printf '%-28s %8s s %8s MB/s\n' "mawk classifier (6 regexes)" "$t_awk" "$(rate "$t_awk")"
echo "explain takes $(ratio "$t_explain" "$t_grep")x grep's time and $(ratio "$t_explain" "$t_awk")x awk's"
# What explain found, to compare with the mix above: "id count" per cause, then the totals.
mawk -F'"' '/^            "count":/ { count = $3; gsub(/[^0-9]/, "", count) }
    /^            "id":/ { printf "  %s %s\n", $4, count }
    /^    "(lines|unrecognised)":/ { v = $3; gsub(/[^0-9]/, "", v); printf "  %s %s\n", $2, v }' \
    "$work/explain.json"
