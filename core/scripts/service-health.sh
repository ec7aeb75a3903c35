# shellcheck shell=sh
# The services a change touches and how their health is judged: a library for apply.sh and
# snapshot-restore.sh (after lock-journal.sh, whose markers it prints); it defines functions only.
#
# Inputs, assigned before this text by ApplyScript::serviceVariables and ::checkVariables:
#   per service N (0, 1, ...): gs_kind_N (nginx|fpm), gs_service_N (its name in messages),
#   gs_pidfile_N, gs_pid_hint_N (the master's pid when there is no pid file), gs_test_cmd_N (the
#   validation command, every word quoted by C++), gs_test_text_N, gs_reload_text_N,
#   gs_errpattern_N (grep -E of a log line that fails the health check), gs_unit_N (systemd unit,
#   or empty), gs_signal_N (reload signal without systemd), gs_binary_N, gs_config_N (to start
#   an FPM master again), gs_nlogs_N and gs_log_N_K (its error logs);
#   per check N: gs_ck_N (probe|ping), gs_ca_N and gs_cb_N (URL and Host header, or FPM address
#   and ping path), gs_cl_N (its label), gs_cra_N and gs_crb_N (1: judged after the apply, after
#   a rollback); gs_nchecks.
# gs_use N makes service N the current one: gs_kind, gs_service, ... without the suffix, and
# gs_test, gs_reload, gs_start, gs_logmark and gs_newlog act on it.
#
# shellcheck disable=SC2154 # the inputs above are assigned by the C++ that composes the script
# shellcheck disable=SC2034 # what gs_use and the helpers set is read by the scripts after

# A non-root login often lacks sbin on PATH, where nginx and php-fpm live.
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"

gs_use() {
  gs_si=$1
  eval "gs_kind=\$gs_kind_$1; gs_service=\$gs_service_$1; gs_pidfile=\$gs_pidfile_$1"
  eval "gs_pid_hint=\$gs_pid_hint_$1; gs_test_cmd=\$gs_test_cmd_$1; gs_test_text=\$gs_test_text_$1"
  eval "gs_reload_text=\$gs_reload_text_$1; gs_errpattern=\$gs_errpattern_$1; gs_unit=\$gs_unit_$1"
  eval "gs_signal=\$gs_signal_$1; gs_binary=\$gs_binary_$1; gs_config=\$gs_config_$1"
  eval "gs_nlogs=\$gs_nlogs_$1"
}
# The validation command runs as C++ built it (ConfigService::testCommand, each word quoted).
gs_test() { eval "$gs_test_cmd"; }
gs_reload() {
  if [ -n "$gs_unit" ]; then systemctl reload "$gs_unit"; else kill -"$gs_signal" "$1"; fi
}
# The new master must not inherit the host lock (fd 9): it would hold it forever.
gs_start() {
  if [ -n "$gs_unit" ]; then systemctl restart "$gs_unit" 9<&-
  elif [ -n "$gs_config" ]; then "$gs_binary" -D -y "$gs_config" 9<&-
  else "$gs_binary" -D 9<&-; fi
}
# The error logs: sizes marked before a reload (gs_lm_N_K), what came after read back.
gs_logmark() {
  gs_k=0
  while [ "$gs_k" -lt "$gs_nlogs" ]; do
    eval "gs_lf=\$gs_log_${gs_si}_$gs_k"
    gs_sz=$(wc -c < "$gs_lf" 2>/dev/null) || gs_sz=0
    eval "gs_lm_${gs_si}_$gs_k=\$gs_sz"
    gs_k=$((gs_k+1))
  done
}
gs_newlog() {
  gs_k=0
  while [ "$gs_k" -lt "$gs_nlogs" ]; do
    eval "gs_lf=\$gs_log_${gs_si}_$gs_k; gs_sz=\${gs_lm_${gs_si}_$gs_k:-0}"
    tail -c +$((gs_sz + 1)) -- "$gs_lf" 2>/dev/null
    gs_k=$((gs_k+1))
  done
}

gs_sha() { gs_h=$(sha256sum < "$1" 2>/dev/null) || gs_h=; gs_h=${gs_h%% *}; }
gs_children() {
  for gs_f in /proc/[0-9]*/stat; do
    { read -r gs_st < "$gs_f"; } 2>/dev/null || continue
    gs_pp=${gs_st##*) }; gs_pp=${gs_pp#* }; gs_pp=${gs_pp%% *}
    if [ "$gs_pp" = "$1" ]; then gs_c=${gs_f#/proc/}; printf '%s ' "${gs_c%/stat}"; fi
  done
}
gs_master() {
  gs_mp=
  if [ -n "$gs_pidfile" ] && [ -r "$gs_pidfile" ]; then read -r gs_mp < "$gs_pidfile"; fi
  case "$gs_mp" in ''|*[!0-9]*) gs_mp=$gs_pid_hint ;; esac
  [ -n "$gs_mp" ] && [ "$gs_mp" -gt 0 ] && kill -0 "$gs_mp" 2>/dev/null
}
gs_failing() { case "$1" in 000|5??|fail|'') return 0 ;; esac; return 1; }
gs_probe() {
  if ! command -v curl >/dev/null 2>&1; then gs_code=skip; return; fi
  if [ -n "$2" ]; then
    gs_code=$(curl -k -sS -o /dev/null --noproxy '*' -m 5 -w '%{http_code}' -H "Host: $2" "$1" 2>/dev/null)
  else
    gs_code=$(curl -k -sS -o /dev/null --noproxy '*' -m 5 -w '%{http_code}' "$1" 2>/dev/null)
  fi
  [ -n "$gs_code" ] || gs_code=000
}
gs_ping() {
  if ! command -v cgi-fcgi >/dev/null 2>&1; then gs_code=skip; return; fi
  gs_code=$(SCRIPT_NAME="$2" SCRIPT_FILENAME="$2" REQUEST_METHOD=GET QUERY_STRING='' \
    timeout 5 cgi-fcgi -bind -connect "$1" 2>&1 | tail -n 1)
  case "$gs_code" in *pong*) gs_code=pong ;; *) gs_code=fail ;; esac
}
# Runs check $1 (a probe or a ping); its answer is in gs_code.
gs_check() {
  eval "gs_ck=\$gs_ck_$1; gs_ca=\$gs_ca_$1; gs_cb=\$gs_cb_$1"
  if [ "$gs_ck" = ping ]; then gs_ping "$gs_ca" "$gs_cb"; else gs_probe "$gs_ca" "$gs_cb"; fi
}
gs_baseline() {
  gs_i=0
  while [ $gs_i -lt "$gs_nchecks" ]; do
    eval "gs_f=\$gs_crb_$gs_i"
    if [ "$gs_f" = 1 ]; then gs_check $gs_i; eval "gs_b_$gs_i=\$gs_code"; else eval "gs_b_$gs_i=new"; fi
    gs_i=$((gs_i+1))
  done
}
# $1: apply|rollback. Sets gs_bad when a check that passed before fails now; gs_report says all.
gs_judge() {
  gs_i=0
  while [ $gs_i -lt "$gs_nchecks" ]; do
    if [ "$1" = apply ]; then eval "gs_f=\$gs_cra_$gs_i"; else eval "gs_f=\$gs_crb_$gs_i"; fi
    if [ "$gs_f" = 1 ]; then
      eval "gs_jb=\$gs_b_$gs_i; gs_jl=\$gs_cl_$gs_i"; gs_n=0
      while :; do
        gs_check $gs_i; gs_ja=$gs_code
        if gs_failing "$gs_ja" && ! gs_failing "$gs_jb" && [ $gs_n -lt 3 ]; then gs_n=$((gs_n+1)); sleep 1; continue; fi
        break
      done
      if gs_failing "$gs_ja" && ! gs_failing "$gs_jb"; then
        gs_bad=1; gs_report="$gs_report$gs_jl: $gs_ja (before: $gs_jb) FAILED
"
      else gs_report="$gs_report$gs_jl: $gs_ja (before: $gs_jb)
"; fi
    fi
    gs_i=$((gs_i+1))
  done
}
# Old workers stop accepting when they are told to quit; wait (bounded) until they are gone so
# that the probes meet the new configuration.
gs_wait_old_gone() {
  gs_n=0
  while [ $gs_n -lt 20 ]; do
    gs_alive=
    for gs_wc in $1; do [ -d "/proc/$gs_wc" ] && gs_alive=1; done
    [ -z "$gs_alive" ] && return 0
    sleep 0.25; gs_n=$((gs_n+1))
  done
  return 1
}
# Waits for the reload to take: new workers (nginx) or FPM's "ready" line / new children.
gs_wait_reload() {
  gs_n=0
  while [ $gs_n -lt 40 ]; do
    kill -0 "$1" 2>/dev/null || return 2
    for gs_wc in $(gs_children "$1"); do
      case " $2 " in *" $gs_wc "*) ;; *) gs_wait_old_gone "$2"; return 0 ;; esac
    done
    if [ "$gs_kind" = fpm ] && gs_newlog | grep -q 'ready to handle connections'; then return 0; fi
    sleep 0.25; gs_n=$((gs_n+1))
  done
  return 1
}
