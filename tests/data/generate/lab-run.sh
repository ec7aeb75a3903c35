#!/bin/bash
# runs inside: unshare -n -m  (own network namespace: only a private loopback)
set -x
ip link set lo up
cd /tmp/gsd/lab
python3 upstreams.py > py.out 2>&1 &
PY=$!
php-fpm8.2 -R -y /tmp/gsd/lab/fpm/php-fpm.conf -c /etc/php/8.2/fpm/php.ini &
FPM=$!
sleep 1.5
nginx -p /tmp/gsd/lab/ -c /tmp/gsd/lab/nginx.conf
sleep 0.5
C="curl -s -o /dev/null -w %{http_code}\n -m 15"
B=http://127.0.0.1:18080
for p in /refused /refused6 /nosock /perm /backlog /slow /ctimeout /big /close /reset /invalid /garbage /fcgi2http /tls2plain /group /group /group2 /group2 /group2 /noresolver /resolvefail /unreach /index.php /fail.php /missing.php /wrongroot/x.php /warn.php /status; do echo "$p $($C $B$p)"; done
$C "$B/refused?q=$(head -c 3000 /dev/zero | tr '\0' 'x')"
# FPM: saturate max_children, slowlog, terminate timeout
P=""; for i in 1 2 3; do $C "$B/sleep.php?s=2" & P="$P $!"; done; wait $P
$C "$B/sleep.php?s=8"
curl -s -m 5 "$B/fpm-status" > fpm-status.txt
curl -s -m 5 "$B/fpm-status?json" > fpm-status.json
curl -s -m 5 "$B/fpm-status?full" > fpm-status-full.txt
curl -s -m 5 "$B/fpm-status?json&full" > fpm-status-full.json
curl -s -m 5 "$B/status" > stub-status.txt
# a child killed by SIGKILL while serving
$C "$B/sleep.php?s=3" & P=$!; sleep 1; pkill -9 -P $FPM -f 'pool www' -n; wait $P
# second FPM on the same socket / a TCP conflict
sed 's#listen = .*#listen = 127.0.0.1:19000#; s#^pid = .*#pid = /tmp/gsd/lab/fpm/p2.pid#' fpm/php-fpm.conf > fpm/tcp.conf
php-fpm8.2 -R -y /tmp/gsd/lab/fpm/tcp.conf & FPM2=$!; sleep 1
php-fpm8.2 -R -y /tmp/gsd/lab/fpm/tcp.conf > fpm-conflict.out 2>&1; echo "fpm2 rc=$?"
php-fpm8.2 -R -y /tmp/gsd/lab/fpm/php-fpm.conf > fpm-conflict-unix.out 2>&1; echo "fpm3 rc=$?"
kill $FPM2
# port conflict for nginx
sed 's#logs/nginx.pid#logs/nginx2.pid#' nginx.conf > nginx2.conf; nginx -p /tmp/gsd/lab/ -c /tmp/gsd/lab/nginx2.conf > nginx-conflict.out 2>&1; echo "nginx2 rc=$?"
# worker_connections exhaustion
P=""; for i in $(seq 1 70); do $C "$B/slow" > /dev/null & P="$P $!"; done; sleep 3; wait $P
ss -ltnpxH > ss-ltnpxH.txt; ss -ltnp > ss-ltnp.txt; ss -lxnp > ss-lxnp.txt; netstat -ltnp > netstat-ltnp.txt 2>&1
cat /proc/net/tcp > proc-net-tcp.txt; cat /proc/net/tcp6 > proc-net-tcp6.txt; cat /proc/net/unix > proc-net-unix.txt
ps -eo pid,ppid,user,args > ps.txt
# ephemeral ports exhausted: two ports only, held by slow requests
sysctl -w net.ipv4.ip_local_port_range="40000 40001"
P=""; for i in 1 2 3; do $C "$B/slow" & P="$P $!"; sleep 0.2; done; wait $P
nginx -p /tmp/gsd/lab/ -c /tmp/gsd/lab/nginx.conf -s quit
kill -QUIT $FPM; sleep 1; kill $PY
wait $FPM $PY
