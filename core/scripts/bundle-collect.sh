# shellcheck shell=sh
# The support bundle's collector: the second half of what `gatescope-cli bundle script` prints.
# The first half defines GS_P_* (each probe's text, generated from the very commands the live
# diagnosis runs, taking its arguments as $1, $2, ...), GS_FORMAT, GS_VERSION and GS_SHA256.
#
# Run by anyone (root sees more, an ordinary login gets what it may read), it reads only:
# nothing is installed, started, stopped or changed. It writes one file,
# gatescope-bundle-HOST-UTCTIME.tar.gz, in the current directory (or in $GS_BUNDLE_DIR): the raw
# output of every probe, indexed in observations.tsv, and manifest.txt (what ran and what could
# not). Gatescope reads it with `diagnose --bundle`, as if it had run the probes itself.
#
# Where the live diagnosis decides its second and third rounds from what the first found (the
# nginx and PHP-FPM that run, the logs and upstreams their configuration names), this script
# collects for each candidate it finds; Gatescope then takes only what its own plan asks for.
# shellcheck disable=SC2154 # GS_* are defined by the generated first half

set -u
umask 077
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
export PATH
LC_ALL=C
export LC_ALL

gs_nl='
'
gs_tab=$(printf '\t')
gs_out_dir=${GS_BUNDLE_DIR:-$(pwd)}
gs_host=$(hostname 2>/dev/null || cat /proc/sys/kernel/hostname 2>/dev/null || echo host)
gs_stamp=$(date -u +%Y%m%dT%H%M%SZ)
gs_safe_host=$(printf '%s' "$gs_host" | tr -c 'A-Za-z0-9.-' '_' | cut -c 1-64)
gs_name=gatescope-bundle-$gs_safe_host-$gs_stamp
gs_work=$(mktemp -d "${TMPDIR:-/tmp}/gatescope-bundle.XXXXXX") || {
    echo "gatescope bundle: cannot create a temporary directory" >&2
    exit 1
}
gs_partial=
# Whatever stops the collection (a dropped SSH session's HUP, Ctrl-C) leaves nothing behind.
trap 'rm -rf "$gs_work"; [ -z "$gs_partial" ] || rm -f "$gs_partial"' EXIT
trap 'exit 130' INT TERM HUP
gs_dir=$gs_work/$gs_name
mkdir "$gs_dir" "$gs_dir/obs" || exit 1
: >"$gs_dir/observations.tsv"
gs_count=0
gs_since_hours=${GS_SINCE_HOURS:-24}
gs_now=$(date +%s)
gs_since=$((gs_now - gs_since_hours * 3600))
if command -v timeout >/dev/null 2>&1; then gs_timeout=yes; else gs_timeout=; fi
case ${GS_REDACT:-$GS_REDACT_DEFAULT} in yes | on | 1 | true) gs_redact=yes ;; *) gs_redact= ;; esac

# gs_run KEY SECONDS PROBE [ARG...]: runs one probe once under `sh`, in its own process and
# working directory, keeping its stdout, stderr and exit status (124: it ran out of time).
gs_run() {
    gs_key=$1
    gs_limit=$2
    gs_body=$3
    shift 3
    case $gs_key in *"$gs_tab"* | *"$gs_nl"*) return 0 ;; esac
    if grep -q -x -F -e "$gs_key" "$gs_work/keys" 2>/dev/null; then return 0; fi
    printf '%s\n' "$gs_key" >>"$gs_work/keys"
    gs_count=$((gs_count + 1))
    gs_file=obs/$gs_count
    printf '  %s\n' "$gs_key" >&2
    gs_started=$(date +%s)
    if [ -n "$gs_timeout" ]; then
        (cd / && timeout "$gs_limit" sh -c "$gs_body" gatescope "$@") \
            >"$gs_dir/$gs_file.out" 2>"$gs_dir/$gs_file.err" </dev/null
    else
        (cd / && sh -c "$gs_body" gatescope "$@") \
            >"$gs_dir/$gs_file.out" 2>"$gs_dir/$gs_file.err" </dev/null
    fi
    gs_rc=$?
    printf '%s\t%s\t%s\t%s\n' "$gs_file" "$gs_rc" "$(($(date +%s) - gs_started))" "$gs_key" \
        >>"$gs_dir/observations.tsv"
}

# The lines of section NAME ("@@NAME" up to the next "@@") of a probe's output file.
gs_section() {
    awk -v s="@@$1" '$0 == s { on = 1; next } /^@@/ { on = 0 } on' "$2" 2>/dev/null
}

# The output file of an observation already made, empty when it was not.
gs_output_of() {
    awk -F '\t' -v k="$1" '$4 == k { print $1; exit }' "$gs_dir/observations.tsv"
}

echo "Gatescope collects, reading only (nothing is installed or changed):" >&2
echo "  what runs (processes, sockets, services), the nginx and PHP-FPM configuration," >&2
echo "  the last ${gs_since_hours} h of their logs and the kernel's, and probes of the" >&2
if [ -n "$gs_redact" ]; then
    echo "  upstreams and sites nginx names. Before it is archived, names, addresses, request" >&2
    echo "  paths, comments and secret values are replaced by tokens (the map stays here)." >&2
    echo "  Into $gs_out_dir/gatescope-bundle-host-N-$gs_stamp.tar.gz:" >&2
else
    echo "  upstreams and sites nginx names. Into $gs_out_dir/$gs_name.tar.gz:" >&2
fi

# ---- Round one: what runs here.
gs_run facts 60 "$GS_P_facts"
gs_run clock 10 "$GS_P_clock"
gs_facts=$gs_dir/$(gs_output_of facts).out
gs_section procs "$gs_facts" >"$gs_work/procs"
gs_tools=$(gs_section tools "$gs_facts")
gs_has_tool() { case "$gs_nl$gs_tools$gs_nl" in *"$gs_nl$1$gs_nl"*) return 0 ;; esac; return 1; }
gs_systemd=
gs_section init "$gs_facts" | grep -q -x systemd-running && gs_systemd=yes

# ---- Round two: each nginx and PHP-FPM, and the system's state.
gs_compiled() { gs_section nginx_V "$gs_facts" | tr ' ' '\n' | sed -n "s/^--$1=//p" | head -n 1; }
gs_conf_path=$(gs_compiled conf-path)
gs_prefix=$(gs_compiled prefix)
gs_nginx_binary=$(gs_section nginx_binary "$gs_facts" | head -n 1)
gs_masters=
gs_nginx_dumps=
# gs_nginx BINARY CONFIG PREFIX: its configuration, by nginx -T and by reading the files.
gs_nginx() {
    if [ -n "$3" ]; then
        gs_run "nginx_T@$2" 60 "$GS_P_nginx_T_prefix" "$1" "$2" "$3"
    else
        gs_run "nginx_T@$2" 60 "$GS_P_nginx_T" "$1" "$2"
    fi
    gs_run "nginx_files@$2" 60 "$GS_P_nginx_files" "$2"
    gs_nginx_dumps="$gs_nginx_dumps$gs_nl$2"
}
gs_fpm() {
    gs_run "fpmconf:$2" 60 "$GS_P_fpmconf" "$2"
    gs_run "fpm_t:$2" 15 "$GS_P_fpm_t" "$1" "$2"
}
gs_fpm_binaries=$(gs_section fpm_binaries "$gs_facts" | sort -u)
while IFS='|' read -r gs_pid _ gs_exe gs_cmd; do
    gs_masters="$gs_masters $gs_pid"
    case $gs_cmd in
        "nginx: master process"*)
            # The command line's words, never globbed (a '*' in them stays a '*').
            set -f
            # shellcheck disable=SC2086 # split into words on purpose
            set -- ${gs_cmd#nginx: master process}
            set +f
            gs_bin=$gs_exe
            case ${1:-} in /*) [ -n "$gs_bin" ] || gs_bin=$1 ;; esac
            [ -n "$gs_bin" ] || gs_bin=${gs_nginx_binary:-nginx}
            gs_c=
            gs_p=
            while [ $# -gt 0 ]; do
                case $1 in
                    -c) gs_c=${2:-} ;;
                    -p) gs_p=${2:-} ;;
                esac
                shift
            done
            [ -n "$gs_p" ] || gs_p=$gs_prefix
            [ -n "$gs_c" ] || gs_c=$gs_conf_path
            case $gs_c in /*) ;; *) [ -n "$gs_p" ] && gs_c=${gs_p%/}/$gs_c ;; esac
            [ -n "$gs_c" ] && gs_nginx "$gs_bin" "$gs_c" "$gs_p"
            ;;
        "php-fpm: master process"*)
            gs_c=${gs_cmd#*(}
            gs_c=${gs_c%)*}
            gs_bin=$gs_exe
            [ -n "$gs_bin" ] || gs_bin=$(printf '%s\n' "$gs_fpm_binaries" | head -n 1)
            [ -n "$gs_c" ] && gs_fpm "${gs_bin:-php-fpm}" "$gs_c"
            ;;
    esac
done <"$gs_work/procs"
# nginx installed but not running: the configuration it would start with, and the one named by
# GS_NGINX_CONF (an nginx started with its own -c, which a stopped nginx no longer shows).
if [ -z "$gs_nginx_dumps" ] && [ -n "$gs_nginx_binary" ] && [ -n "$gs_conf_path" ]; then
    gs_nginx "$gs_nginx_binary" "$gs_conf_path" ""
fi
if [ -n "${GS_NGINX_CONF:-}" ] && [ -n "$gs_nginx_binary" ]; then
    gs_nginx "$gs_nginx_binary" "$GS_NGINX_CONF" ""
fi
# Every installed PHP-FPM's own configuration (it may be the one that is down).
for gs_bin in $gs_fpm_binaries; do
    case $gs_bin in
        */php-fpm[0-9]*.[0-9]*) gs_c=/etc/php/${gs_bin##*/php-fpm}/fpm/php-fpm.conf ;;
        /opt/remi/*/root/*)
            gs_c=${gs_bin#/opt/remi/}
            gs_c=/etc/opt/remi/${gs_c%%/*}/php-fpm.conf
            ;;
        *) gs_c=/etc/php-fpm.conf ;;
    esac
    gs_fpm "$gs_bin" "$gs_c"
done
gs_run sockets 60 "$GS_P_sockets"
gs_run system 60 "$GS_P_system"
gs_run oom 60 "$GS_P_oom" "$gs_since"
[ -n "$gs_masters" ] && gs_run procs 60 "$GS_P_procs" "$gs_masters"
gs_run firewall 15 "$GS_P_firewall"
gs_has_tool getenforce && gs_run selinux 20 "$GS_P_selinux"
[ -n "$gs_systemd" ] && gs_run systemd 60 "$GS_P_systemd"

# ---- Round three: the logs, upstreams and sites the configurations name.
printf '%s\n' "$GS_AWK_targets" >"$gs_work/targets.awk"
: >"$gs_work/targets"
printf '%s\n' "$gs_nginx_dumps" >"$gs_work/dumps"
while IFS= read -r gs_c; do
    [ -n "$gs_c" ] || continue
    gs_f=$(gs_output_of "nginx_T@$gs_c")
    # nginx -T needs root: a login without it has the files as it may read them.
    if [ -z "$gs_f" ] || ! grep -q '^# configuration file ' "$gs_dir/$gs_f.out"; then
        gs_f=$(gs_output_of "nginx_files@$gs_c")
    fi
    [ -n "$gs_f" ] || continue
    awk -v prefix="$gs_prefix" -f "$gs_work/targets.awk" "$gs_dir/$gs_f.out" \
        >>"$gs_work/targets" 2>/dev/null
done <"$gs_work/dumps"
# Without error_log the compiled-in default is the log.
if ! grep -q '^errorlog' "$gs_work/targets"; then
    gs_c=$(gs_compiled error-log-path)
    case $gs_c in "" | stderr) ;; /*) printf 'errorlog\t%s\n' "$gs_c" >>"$gs_work/targets" ;;
        *) printf 'errorlog\t%s\n' "${gs_prefix%/}/$gs_c" >>"$gs_work/targets" ;;
    esac
fi

gs_loopback() {
    case $1 in localhost | 127.* | ::1 | "[::1]") return 0 ;; esac
    return 1
}
gs_probes=0
# Tab is white space to read: an empty field would vanish, so empty ones are "-" here.
sed "s/$gs_tab$gs_tab/$gs_tab-$gs_tab/g" "$gs_work/targets" >"$gs_work/targets.read"
while IFS="$gs_tab" read -r gs_kind gs_a gs_b gs_c gs_d; do
    [ "$gs_b" != - ] || gs_b=
    case $gs_kind in
        errorlog) gs_run "errorlog:$gs_a" 60 "$GS_P_tail" "$gs_a" ;;
        accesslog) gs_run "accesslog:$gs_a" 60 "$GS_P_tail" "$gs_a" ;;
        user) gs_run workergroups 15 "$GS_P_groups" "$gs_a" ;;
        site)
            gs_has_tool curl || continue
            if [ -n "$gs_b" ]; then
                gs_run "site:$gs_a|$gs_b" 15 "$GS_P_site_host" "$gs_a" "$gs_b"
            else
                gs_run "site:$gs_a|" 15 "$GS_P_site" "$gs_a"
            fi
            ;;
        peer)
            gs_probes=$((gs_probes + 1))
            [ "$gs_probes" -le 24 ] || continue
            gs_peer=$gs_c
            case $gs_peer in
                unix:*)
                    gs_path=${gs_peer#unix:}
                    gs_run "unix:$gs_path" 60 "$GS_P_unix" "$gs_path"
                    [ -n "$gs_systemd" ] \
                        && gs_run "unitfor:$gs_peer" 15 "$GS_P_unitfor_socket" "$gs_path" "$gs_since"
                    gs_run "initfor:$gs_peer" 15 "$GS_P_initfor_socket" "$gs_path"
                    continue
                    ;;
            esac
            gs_port=${gs_peer##*:}
            gs_h=${gs_peer%:*}
            gs_h=${gs_h#[}
            gs_h=${gs_h%]}
            gs_probe=$GS_P_tcp
            [ "$gs_a" = proxy_pass ] && [ "$gs_b" = http ] && gs_probe=$GS_P_tcp_http
            [ "$gs_a" = proxy_pass ] && [ "$gs_b" = https ] && gs_probe=$GS_P_tcp_https
            case $gs_h in *:*)
                gs_probe=$GS_P_tcp6
                [ "$gs_a" = proxy_pass ] && [ "$gs_b" = http ] && gs_probe=$GS_P_tcp6_http
                [ "$gs_a" = proxy_pass ] && [ "$gs_b" = https ] && gs_probe=$GS_P_tcp6_https
                ;;
            esac
            gs_run "tcp:$gs_peer" 15 "$gs_probe" "$gs_h" "$gs_port" "$gs_d"
            case $gs_h in *[!0-9.:]*)
                gs_loopback "$gs_h" || { gs_has_tool getent && gs_run "dns:$gs_h" 10 "$GS_P_dns" "$gs_h"; } ;;
            esac
            if gs_loopback "$gs_h"; then
                [ -n "$gs_systemd" ] \
                    && gs_run "unitfor:$gs_peer" 15 "$GS_P_unitfor_port" "$gs_port" "$gs_since"
                gs_run "initfor:$gs_peer" 15 "$GS_P_initfor_port" "$gs_port"
            fi
            ;;
    esac
done <"$gs_work/targets.read"

# PHP-FPM's own logs: each configuration's error_log (FPM's default when it names none).
# shellcheck disable=SC2013 # the output files are named obs/N: words are lines
for gs_f in $(awk -F '\t' '$4 ~ /^fpmconf:/ { print $1 }' "$gs_dir/observations.tsv"); do
    gs_log=$(sed -n 's/^[[:space:]]*error_log[[:space:]]*=[[:space:]]*//p' "$gs_dir/$gs_f.out" \
        | tr -d '"\r' | sed 's/[[:space:]]*;.*$//' | head -n 1)
    [ -n "$gs_log" ] || gs_log=log/php-fpm.log
    case $gs_log in syslog*) continue ;; /*) ;; *) gs_log=/var/$gs_log ;; esac
    gs_run "fpmlog:$gs_log" 60 "$GS_P_tail" "$gs_log"
done
# Each pool's status page, straight from its listen address (cgi-fcgi), as the live run reads it.
if gs_has_tool cgi-fcgi; then
    # shellcheck disable=SC2013 # the output files are named obs/N: words are lines
    for gs_f in $(awk -F '\t' '$4 ~ /^fpmconf:/ { print $1 }' "$gs_dir/observations.tsv"); do
        awk '
            function value(line) {
                sub(/^[^=]*=[ \t]*/, "", line); sub(/[ \t]*;.*$/, "", line); gsub(/["\r]/, "", line)
                return line
            }
            function flush() { if (pool != "" && listen != "" && status != "") print pool "\t" listen "\t" status }
            /^@@/ { next }
            /^[ \t]*\[[^]]+\]/ { flush(); pool = $0; sub(/^[ \t]*\[/, "", pool); sub(/\].*$/, "", pool)
                if (pool == "global") pool = ""; listen = ""; status = ""; next }
            /^[ \t]*listen[ \t]*=/ { listen = value($0) }
            /^[ \t]*pm\.status_path[ \t]*=/ { status = value($0) }
            END { flush() }' "$gs_dir/$gs_f.out"
    done >"$gs_work/pools"
    while IFS="$gs_tab" read -r gs_pool gs_listen gs_path; do
        case $gs_listen in
            /*) gs_address=$gs_listen ;;
            *[!0-9]*)
                gs_address=$gs_listen
                case $gs_address in "["*) gs_address=$(printf '%s' "$gs_address" | sed 's/^\[//; s/\]:/:/') ;; esac
                case $gs_address in "*:"* | "0.0.0.0:"*) gs_address=127.0.0.1:${gs_address##*:} ;; esac
                ;;
            *) gs_address=127.0.0.1:$gs_listen ;;
        esac
        gs_run "fpmstatus:$gs_pool" 12 "$GS_P_fpmstatus" "$gs_address" "$gs_path"
    done <"$gs_work/pools"
fi
# The failed services: one may be the application that should be listening.
gs_f=$(gs_output_of systemd)
if [ -n "$gs_f" ]; then
    for gs_unit in $(gs_section failed "$gs_dir/$gs_f.out" | awk '$1 ~ /\.service$/ { print $1 }' \
        | head -n 10); do
        gs_run "unit:$gs_unit" 15 "$GS_P_unit" "$gs_unit" "$gs_since"
    done
fi

# ---- Redaction, when asked: every file through bundle-redact.awk, which learns the names from
# the configuration first. Nothing unredacted may reach the archive: any failure stops here.
gs_redact_bundle() {
    printf '%s\n' "$GS_AWK_redact" >"$gs_work/redact.awk"
    gs_map=$gs_work/map
    echo "redacted=yes" >>"$gs_dir/manifest.txt"
    (
        cd "$gs_dir" || exit 1
        # shellcheck disable=SC2046 # the output files are named obs/N: words are file names
        awk -v dir= -v mapfile="$gs_map" -v host="$gs_host" -v words="$GS_R_WORDS" \
            -v tlds="$GS_R_TLDS" -v publics="$GS_R_PUBLIC" -v sysusers="$GS_R_SYSUSERS" \
            -f "$gs_work/redact.awk" phase=learn manifest.txt \
            $(awk -F '\t' '$4 == "facts" || $4 ~ /^(nginx_T@|nginx_files@|fpmconf:)/ { print $1 ".out" }' \
                observations.tsv) \
            phase=apply manifest.txt observations.tsv obs/* || exit 1
        for gs_f in manifest.txt observations.tsv obs/*; do
            case $gs_f in *.r) continue ;; esac
            if [ -f "$gs_f.r" ]; then
                mv "$gs_f.r" "$gs_f" || exit 1
            elif [ -s "$gs_f" ]; then
                exit 1
            fi
        done
    ) || {
        echo "gatescope bundle: the redaction failed; no bundle was written" >&2
        exit 1
    }
    gs_token=$(sed -n 's/^host=//p' "$gs_dir/manifest.txt" | head -n 1)
    gs_token=$(printf '%s' "$gs_token" | tr -c 'A-Za-z0-9.-' '_' | cut -c 1-64)
    # A name too short or ordinary to identify anyone ("vm", "localhost") stays as it was.
    [ "gatescope-bundle-${gs_token:-redacted}-$gs_stamp" != "$gs_name" ] || return 0
    gs_name=gatescope-bundle-${gs_token:-redacted}-$gs_stamp
    mv "$gs_dir" "$gs_work/$gs_name" || exit 1
    gs_dir=$gs_work/$gs_name
}

# ---- The manifest, then the archive.
{
    echo "format=$GS_FORMAT"
    echo "version=$GS_VERSION"
    echo "script_sha256=$GS_SHA256"
    echo "host=$gs_host"
    echo "collected_utc=$gs_stamp"
    echo "collected_epoch=$gs_now"
    echo "since_hours=$gs_since_hours"
    echo "user=$(id -un 2>/dev/null)"
    echo "uid=$(id -u)"
    echo "observations=$gs_count"
    echo "failed=$(awk -F '\t' '$2 != 0' "$gs_dir/observations.tsv" | wc -l | tr -d ' ')"
} >"$gs_dir/manifest.txt"
gs_map=
[ -z "$gs_redact" ] || gs_redact_bundle
gs_archive=$gs_out_dir/$gs_name.tar.gz
gs_partial=$gs_archive.part
if ! (cd "$gs_work" && tar -czf "$gs_partial" "$gs_name"); then
    echo "gatescope bundle: cannot write $gs_archive" >&2
    exit 1
fi
mv "$gs_partial" "$gs_archive" || exit 1
gs_partial=
echo "Wrote $gs_archive ($gs_count observations). Send this file to your support contact." >&2
if [ -n "$gs_map" ]; then
    mv "$gs_map" "$gs_out_dir/$gs_name.map.txt" || exit 1
    echo "The map from its tokens back to your names is $gs_out_dir/$gs_name.map.txt:" >&2
    echo "keep it to read the report, and do not send it." >&2
fi
printf '%s\n' "$gs_archive"
