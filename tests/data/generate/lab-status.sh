#!/bin/bash
ip link set lo up
cd /tmp/gsd/lab
php-fpm8.2 -R -y /tmp/gsd/lab/fpm/php-fpm.conf -c /etc/php/8.2/fpm/php.ini & FPM=$!
sleep 1.5
nginx -p /tmp/gsd/lab/ -c /tmp/gsd/lab/nginx.conf -g 'error_log /tmp/gsd/lab/logs/error2.log info;' 2>/dev/null || nginx -p /tmp/gsd/lab/ -c /tmp/gsd/lab/nginx.conf
sleep 0.5
B=http://127.0.0.1:18080
P=""; for i in 1 2; do curl -s -o /dev/null -m 10 "$B/sleep.php?s=2" & P="$P $!"; done; sleep 0.7
curl -s -m 5 "$B/fpm-status" > fpm-status.txt
curl -s -m 5 "$B/fpm-status?json" > fpm-status.json
curl -s -m 5 "$B/fpm-status?full" > fpm-status-full.txt
curl -s -m 5 "$B/fpm-status?json&full" > fpm-status-full.json
curl -s -m 5 "$B/fpm-ping" > fpm-ping.txt
wait $P
nginx -p /tmp/gsd/lab/ -c /tmp/gsd/lab/nginx.conf -s quit
kill -QUIT $FPM; wait $FPM
