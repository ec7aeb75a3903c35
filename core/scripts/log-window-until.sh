# shellcheck shell=sh
# The end of the pipe after log-window.sh (remotelogscripts::windowLines): the lines on stdin up
# to the first one stamped at or after UNTIL, at most MAX_LINES of them, gzip'ed. Usage:
#   log-window-until.sh UNTIL MAX_LINES   (UNTIL: epoch seconds)
# T holds the awk function ep(line) (epoch-*.awk), assigned before this text. awk's exit closes
# the pipe, so the window's reader stops instead of streaming the rest of an old log.
# shellcheck disable=SC2154 # T is assigned by windowLines

u=$1; m=$2
awk -v u="$u" "$T"' ep($0) >= u { exit } { print }' | head -n "$m" | gzip -1
