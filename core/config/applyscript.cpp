#include "config/applyscript.h"

#include <QRandomGenerator>

#include "remote/remotefile.h"
#include "remote/remotefileinfo.h"
#include "util/shellquote.h"

namespace gs::config {

using gs::shellQuote;

namespace {

// The fixed part of the protocol. Variables and functions it expects are generated in build().
// Markers: "$M step NAME STATUS DETAIL", "$M out NAME" + text + "$M end", "$M info KEY VALUE",
// "$M pause STEP SSHD_PID", "$M result OUTCOME". Every marker also goes to the journal.
// kLibrary holds the functions (shared with SnapshotScript), kSequence the apply itself.
const char *const kLibrary = R"GS(
trap '' HUP PIPE
umask 077
PATH="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
M="@@GS$gs_nonce"
j=
gs_emit() { printf '%s\n' "$1"; [ -n "$j" ] && printf '%s\n' "$1" >> "$j"; return 0; }
gs_step() { gs_emit "$M step $1 $2 $3"; }
gs_info() { gs_emit "$M info $1 $2"; }
gs_out() { gs_emit "$M out $1
$2
$M end"; }
gs_result() { gs_emit "$M result $1"; exit 0; }
gs_pause() {
  [ "$gs_pause_after" = "$1" ] || return 0
  gs_s=$$; gs_sp=
  while [ -n "$gs_s" ] && [ "$gs_s" -gt 1 ]; do
    gs_c=$(cat "/proc/$gs_s/comm" 2>/dev/null)
    if [ "$gs_c" = sshd ]; then gs_sp=$gs_s; break; fi
    gs_s=$(sed 's/^.*) [A-Za-z] \([0-9]*\).*$/\1/' "/proc/$gs_s/stat" 2>/dev/null)
  done
  gs_emit "$M pause $1 $gs_sp"
  sleep "$gs_pause_seconds"
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
  gs_code=$(SCRIPT_NAME="$2" SCRIPT_FILENAME="$2" REQUEST_METHOD=GET QUERY_STRING= \
    timeout 5 cgi-fcgi -bind -connect "$1" 2>&1 | tail -n 1)
  case "$gs_code" in *pong*) gs_code=pong ;; *) gs_code=fail ;; esac
}
gs_baseline() {
  gs_i=0
  while [ $gs_i -lt $gs_nchecks ]; do
    eval "gs_f=\$gs_crb_$gs_i"
    if [ "$gs_f" = 1 ]; then gs_check_$gs_i; eval "gs_b_$gs_i=\$gs_code"; else eval "gs_b_$gs_i=new"; fi
    gs_i=$((gs_i+1))
  done
}
# $1: apply|rollback. Sets gs_bad when a check that passed before fails now; gs_report says all.
gs_judge() {
  gs_i=0
  while [ $gs_i -lt $gs_nchecks ]; do
    if [ "$1" = apply ]; then eval "gs_f=\$gs_cra_$gs_i"; else eval "gs_f=\$gs_crb_$gs_i"; fi
    if [ "$gs_f" = 1 ]; then
      eval "gs_jb=\$gs_b_$gs_i; gs_jl=\$gs_cl_$gs_i"; gs_n=0
      while :; do
        gs_check_$gs_i; gs_ja=$gs_code
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
# Reload and health check; $1: apply|rollback. Sets gs_ok (1 healthy) and gs_report.
gs_reload_and_check() {
  gs_report=; gs_bad=; gs_ok=
  if ! gs_master; then
    if [ "$gs_kind" = fpm ] && [ "$1" = rollback ]; then
      gs_old=; gs_logmark
      gs_rout=$(gs_start 2>&1); sleep 1
      gs_step "$2reload" ok "the master had died: started it again"
    else
      gs_step "$2reload" skipped "$gs_service is not running: nothing to reload"
      gs_ok=1; return
    fi
  else
    gs_old=$(gs_children "$gs_mp")
    gs_logmark
    gs_rout=$(gs_reload "$gs_mp" 2>&1); gs_rrc=$?
    gs_out "$2reload" "$gs_rout"
    if [ $gs_rrc -ne 0 ]; then
      gs_step "$2reload" failed "the reload command failed (exit $gs_rrc)"
      gs_report="reload failed: $gs_rout
"; return
    fi
    gs_step "$2reload" ok "$gs_reload_text"
  fi
  [ "$1" = apply ] && gs_pause reload
  gs_step "$2health" running "checking"
  gs_master || true
  if [ -z "$gs_mp" ] || ! kill -0 "$gs_mp" 2>/dev/null; then
    gs_report="${gs_report}master: not running after the reload FAILED
"; gs_bad=1
  else
    gs_wait_reload "$gs_mp" "$gs_old"; gs_w=$?
    case $gs_w in
      0) gs_report="${gs_report}master $gs_mp alive, new configuration loaded
" ;;
      2) gs_report="${gs_report}master $gs_mp exited during the reload FAILED
"; gs_bad=1 ;;
      *) gs_report="${gs_report}master $gs_mp alive but no new workers: the reload did not take FAILED
"; gs_bad=1 ;;
    esac
  fi
  gs_e=$(gs_newlog | grep -E "$gs_errpattern" | tail -n 5)
  if [ -n "$gs_e" ]; then gs_bad=1; gs_report="${gs_report}new errors in the log FAILED:
$gs_e
"; fi
  gs_judge "$1"
  gs_out "$2health" "$gs_report"
  if [ -n "$gs_bad" ]; then
    gs_step "$2health" failed "$(printf '%s' "$gs_report" | grep FAILED | head -n 1)"
  else gs_ok=1; gs_step "$2health" ok "master alive, no new errors, $gs_nchecks checks passed"; fi
}
)GS";

const char *const kSequence = R"GS(
gs_restore() {
  if [ -e "$o" ]; then mv -f -- "$o" "$r" || return 1
  else cp -p -- "$bfile" "$d/.gatescope-restore-$b.$$" && mv -f -- "$d/.gatescope-restore-$b.$$" "$r" || return 1
  fi
  sync -- "$d" 2>/dev/null; gs_sha "$r"; [ "$gs_h" = "$cur" ]
}

# ---- 0. journal (before the lock, so a client that lost us can tell "still waiting")
mkdir -p -- "$gs_broot/journal" 2>/dev/null && chmod 700 -- "$gs_broot" 2>/dev/null
j="$gs_broot/journal/$gs_nonce"; : > "$j" 2>/dev/null || j=
find "$gs_broot/journal" -type f -mtime +7 -exec rm -f {} + 2>/dev/null

# ---- 1. lock
gs_step lock running "$gs_lock"
mkdir -p /run/lock 2>/dev/null
# Readable by everyone: flock needs only a read descriptor, so logins without sudo share it.
[ -e "$gs_lock" ] || (umask 022; : >> "$gs_lock") 2>/dev/null
exec 9<"$gs_lock" || { gs_step lock failed "cannot open $gs_lock"; gs_result error; }
if ! flock -n 9; then
  gs_step lock waiting "another change is running on this host"
  flock -w "$gs_lock_wait" 9 || { gs_step lock failed "still locked after ${gs_lock_wait}s"; gs_result error; }
fi
gs_step lock ok "$gs_lock"
gs_pause lock

# ---- 2. preflight
gs_step preflight running "$p"
r=$(readlink -f -- "$p") && [ -f "$r" ] || { gs_step preflight failed "$p is not a regular file"; gs_result error; }
d=${r%/*}; [ -n "$d" ] || d=/; b=${r##*/}
gs_info real_path "$r"
stale=
for f in "$d"/.gatescope-*; do [ -e "$f" ] || continue; rm -f -- "$f" && stale="$stale $f"; done
[ -n "$stale" ] && gs_info stale_removed "$stale"
if [ ! -w "$d" ] || [ ! -w "$r" ]; then
  gs_step preflight failed "no permission to replace $r (this login cannot write $d; it needs sudo or root)"
  gs_result error
fi
gs_sha "$r"; cur=$gs_h
gs_info old_sha256 "$cur"
meta=$(gs_meta "$p"); gs_info meta "$meta"
if [ -n "$expect" ] && [ "$cur" != "$expect" ]; then
  gs_step preflight failed "changed on the server since it was read: expected sha256 $expect, found $cur"
  gs_result conflict
fi
if [ "$cur" = "$want" ]; then gs_step preflight ok "the server already has this content"; gs_result unchanged; fi
sz=$(stat -c %s -- "$r"); need=$(( (sz * 3) / 1024 + 64 ))
mkdir -p -- "$gs_broot" 2>/dev/null
for fs in "$d" "$gs_broot"; do
  av=$(df -Pk -- "$fs" 2>/dev/null | awk 'NR==2 {print $4}')
  if [ -n "$av" ] && [ "$av" -lt "$need" ]; then
    gs_step preflight failed "not enough free space on $fs (${av} KiB free, ${need} KiB needed)"; gs_result error
  fi
done
gs_baseline
gs_step preflight ok "$r sha256 $cur"
gs_pause preflight

# ---- 3. backup
gs_step backup running ""
bdir="$gs_broot/files$r"
mkdir -p -- "$bdir" || { gs_step backup failed "cannot create $bdir"; gs_result error; }
id="$(date -u +%Y%m%dT%H%M%SZ)-$(printf '%.12s' "$cur")"
bfile="$bdir/$id"
cp -p -- "$r" "$bdir/.partial-$id" && sync -- "$bdir/.partial-$id" 2>/dev/null
mv -f -- "$bdir/.partial-$id" "$bfile" || { gs_step backup failed "cannot write $bfile"; gs_result error; }
gs_sha "$bfile"
[ "$gs_h" = "$cur" ] || { rm -f -- "$bfile"; gs_step backup failed "the backup does not match the file"; gs_result error; }
ls -1 -- "$bdir" | grep -v '^\.' | sort -r | tail -n "+$((gs_keep + 1))" | while read -r old; do rm -f -- "$bdir/$old"; done
gs_info backup "$id $bfile"
gs_step backup ok "$bfile"
gs_pause backup

# ---- 4. candidate
gs_step candidate running ""
c=$(mktemp -- "$d/.gatescope-$b.XXXXXX") || { gs_step candidate failed "cannot create a file in $d"; gs_result error; }
cat > "$c" 2>/dev/null
gs_sha "$c"
if [ "$gs_h" != "$want" ]; then
  rm -f -- "$c"; gs_step candidate failed "the upload was incomplete (sha256 $gs_h, expected $want)"; gs_result error
fi
chown --reference="$r" -- "$c" 2>/dev/null
chmod --reference="$r" -- "$c" || { rm -f -- "$c"; gs_step candidate failed "cannot copy the mode"; gs_result error; }
[ -d /sys/fs/selinux ] && chcon --reference="$r" -- "$c" 2>/dev/null
sync -- "$c" 2>/dev/null || sync
gs_info candidate "$c"
gs_step candidate ok "$c"
gs_pause candidate

# ---- 5. validate in place (the original inode is kept aside for an instant restore)
gs_step validate running "$gs_test_text"
o="$d/.gatescope-orig-$b.$$"
ln -- "$r" "$o" 2>/dev/null || cp -p -- "$r" "$o" || { rm -f -- "$c"; gs_step validate failed "cannot keep the original aside"; gs_result error; }
mv -f -- "$c" "$r" || { rm -f -- "$c" "$o"; gs_step validate failed "cannot rename the candidate"; gs_result error; }
sync -- "$d" 2>/dev/null
tout=$(gs_test 2>&1); trc=$?
gs_out validate "$tout"
if [ $trc -ne 0 ]; then
  gs_step validate failed "the validator rejected the change (exit $trc)"
  if gs_restore; then gs_step restore ok "the original is back ($cur)"
  else gs_step restore failed "could not put the original back; the backup is $bfile"; fi
  gs_result validation_failed
fi
gs_step validate ok "$gs_test_text"
gs_pause validate

# ---- 6. reload + 7. health
gs_reload_and_check apply ""
if [ -n "$gs_ok" ]; then
  rm -f -- "$o"; sync -- "$d" 2>/dev/null
  gs_pause health
  gs_result applied
fi

# ---- 8. rollback
gs_step rollback running "the health check failed: putting the original back"
if gs_restore; then gs_step rollback.restore ok "the original is back ($cur)"
else gs_step rollback.restore failed "could not put the original back; the backup is $bfile"; gs_result rollback_failed; fi
tout=$(gs_test 2>&1); trc=$?
gs_out rollback.validate "$tout"
if [ $trc -ne 0 ]; then gs_step rollback.validate failed "the original does not validate either"
else gs_step rollback.validate ok "$gs_test_text"; fi
gs_reload_and_check rollback rollback.
if [ -n "$gs_ok" ]; then gs_step rollback ok "rolled back"; gs_result rolled_back; fi
gs_step rollback failed "rolled back, but the service is not healthy"
gs_result rollback_failed
)GS";

QString assign(const QString &name, const QString &value)
{
    return name + QLatin1Char('=') + shellQuote(value) + QLatin1Char('\n');
}

} // namespace

QString ApplyScript::lockPath()
{
    return remote::RemoteFile::lockPath();
}

QString ApplyScript::journalPath(const QString &backupRoot, const QString &nonce)
{
    return backupRoot + QStringLiteral("/journal/") + nonce;
}

QString ApplyScript::backupDir(const QString &backupRoot, const QString &realPath)
{
    return backupRoot + QStringLiteral("/files") + realPath;
}

QString
ApplyScript::journalCommand(const QString &backupRoot, const QString &nonce, int waitSeconds)
{
    return QStringLiteral("flock -w %1 %2 cat -- %3")
            .arg(waitSeconds)
            .arg(shellQuote(lockPath()), shellQuote(journalPath(backupRoot, nonce)));
}

QString ApplyScript::library()
{
    return QString::fromUtf8(kLibrary);
}

QString ApplyScript::serviceFunctions(const ConfigService &service, const QString &logMarkPrefix)
{
    const bool nginx = service.kind == ServiceKind::Nginx;
    QString script;
    script += assign(QStringLiteral("gs_kind"),
                     nginx ? QStringLiteral("nginx") : QStringLiteral("fpm"));
    script += assign(QStringLiteral("gs_service"), service.name());
    script += assign(QStringLiteral("gs_pidfile"), service.pidFile);
    script += assign(QStringLiteral("gs_pid_hint"), QString::number(service.masterPid));
    script += assign(QStringLiteral("gs_test_text"), service.testCommandText());
    script += assign(QStringLiteral("gs_reload_text"), service.reloadDescription());
    script += assign(QStringLiteral("gs_errpattern"),
                     nginx ? QStringLiteral("\\[(emerg|alert)\\]")
                           : QStringLiteral("(ERROR|ALERT):"));
    script += QStringLiteral("gs_test() { %1; }\n").arg(service.testCommand());
    if (!service.systemdUnit.isEmpty()) {
        script += QStringLiteral("gs_reload() { systemctl reload %1; }\n")
                          .arg(shellQuote(service.systemdUnit));
        script += QStringLiteral("gs_start() { systemctl restart %1 9<&-; }\n")
                          .arg(shellQuote(service.systemdUnit));
    } else {
        script += QStringLiteral("gs_reload() { kill -%1 \"$1\"; }\n")
                          .arg(nginx ? QStringLiteral("HUP") : QStringLiteral("USR2"));
        QString start = shellQuote(service.binary) + QStringLiteral(" -D");
        if (!service.config.isEmpty())
            start += QStringLiteral(" -y ") + shellQuote(service.config);
        // The new master must not inherit the host lock (fd 9): it would hold it forever.
        script += QStringLiteral("gs_start() { %1 9<&-; }\n").arg(start);
    }
    // The logs: sizes marked before a reload, what came after read back.
    QString mark = QStringLiteral("gs_logmark() { :; ");
    QString fresh = QStringLiteral("gs_newlog() { :; ");
    for (qsizetype i = 0; i < service.errorLogs.size(); ++i) {
        const QString log = shellQuote(service.errorLogs.at(i));
        const QString variable = logMarkPrefix + QString::number(i);
        mark += QStringLiteral("%1=$(wc -c < %2 2>/dev/null) || %1=0; ").arg(variable, log);
        fresh += QStringLiteral("tail -c +$((${%1:-0} + 1)) -- %2 2>/dev/null; ")
                         .arg(variable, log);
    }
    return script + mark + QStringLiteral("}\n") + fresh + QStringLiteral("}\n");
}

QString ApplyScript::checkFunctions(const HealthPlan &health)
{
    QString script;
    // The checks: HTTP probes, then FPM pings.
    int index = 0;
    const auto addCheck
            = [&](const QString &call, const QString &label, bool apply, bool rollback) {
                  script += QStringLiteral("gs_check_%1() { %2; }\n").arg(index).arg(call);
                  script += assign(QStringLiteral("gs_cl_%1").arg(index), label);
                  script += assign(QStringLiteral("gs_cra_%1").arg(index),
                                   apply ? QStringLiteral("1") : QString());
                  script += assign(QStringLiteral("gs_crb_%1").arg(index),
                                   rollback ? QStringLiteral("1") : QString());
                  ++index;
              };
    for (const HealthPlan::Probe &probe : health.probes) {
        const QString label
                = probe.hostHeader.isEmpty()
                          ? QStringLiteral("GET %1").arg(probe.url)
                          : QStringLiteral("GET %1 (%2)").arg(probe.url, probe.hostHeader);
        addCheck(QStringLiteral("gs_probe %1 %2")
                         .arg(shellQuote(probe.url), shellQuote(probe.hostHeader)),
                 label,
                 probe.afterApply,
                 probe.afterRollback);
    }
    for (const HealthPlan::Ping &ping : health.pings) {
        addCheck(QStringLiteral("gs_ping %1 %2")
                         .arg(shellQuote(ping.connect), shellQuote(ping.pingPath)),
                 QStringLiteral("FPM ping %1 (pool %2)").arg(ping.connect, ping.pool),
                 ping.afterApply,
                 ping.afterRollback);
    }
    script += assign(QStringLiteral("gs_nchecks"), QString::number(index));
    return script;
}

QString ApplyScript::build(const Params &params)
{
    QString script;
    script += assign(QStringLiteral("gs_nonce"), params.nonce);
    script += assign(QStringLiteral("p"), params.path);
    script += assign(QStringLiteral("expect"), params.expectedSha256);
    script += assign(QStringLiteral("want"), params.newSha256);
    script += assign(QStringLiteral("gs_lock"), params.lockFile);
    script += assign(QStringLiteral("gs_lock_wait"), QString::number(params.lockWaitSeconds));
    script += assign(QStringLiteral("gs_broot"), params.backupRoot);
    script += assign(QStringLiteral("gs_keep"), QString::number(params.keepBackups));
    script += assign(QStringLiteral("gs_pause_after"), params.pauseAfterStep);
    script += assign(QStringLiteral("gs_pause_seconds"), QString::number(params.pauseSeconds));
    script += remote::RemoteFileInfo::shellFunction() + QLatin1Char('\n');
    script += serviceFunctions(params.service, QStringLiteral("gs_lm_"));
    script += checkFunctions(params.health);
    return script + library() + QString::fromUtf8(kSequence);
}

QString ApplyScript::randomNonce()
{
    QString nonce;
    for (int i = 0; i < 4; ++i)
        nonce += QString::number(QRandomGenerator::system()->generate(), 16)
                         .rightJustified(8, QLatin1Char('0'));
    return nonce;
}

} // namespace gs::config
