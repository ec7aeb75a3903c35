# shellcheck shell=sh
# The lines of a log set logged at or after an epoch, without reading a big log from its start
# (logs::buildWindowCommand, which documents the output). Usage:
#   log-window.sh SINCE BLOCK_SIZE gzip|cat PATH...   (the log set, oldest first)
# T holds the awk function ep(line) (epoch-*.awk), assigned before this text.
# shellcheck disable=SC2154 # T is assigned by buildWindowCommand
s=$1; bs=$2; z=$3; shift 3
for f in "$@"; do
  if [ ! -r "$f" ]; then echo "gs-window: cannot read $f" >&2; exit 66; fi
done
n=$#; k=0
for f in "$@"; do
  k=$((k + 1))
  if [ "$k" -lt "$n" ]; then
    m=$(stat -L -c %Y -- "$f" 2>/dev/null || date -r "$f" +%s 2>/dev/null || echo "$s")
    if [ "$m" -lt "$s" ]; then continue; fi
  fi
  sz=$(wc -c < "$f"); sz=$((sz + 0))
  case $f in
  *.gz)
    echo "gs-window: $f size=$sz offset=0" >&2
    gzip -dc -- "$f" | awk -v s="$s" "$T"' p { print; next } { if (ep($0) >= s) { p = 1; print } }'
    continue ;;
  esac
  nb=$(( (sz + bs - 1) / bs ))
  lo=0; hi=$nb; step=1
  while [ "$step" -lt "$nb" ]; do
    b=$((nb - step))
    t=$(dd if="$f" bs="$bs" skip="$b" count=1 2>/dev/null | awk "$T"' NR == 2 { printf "%.0f\n", ep($0); exit }')
    if [ -n "$t" ] && [ "$t" -ge 0 ] && [ "$t" -lt "$s" ]; then lo=$b; break; fi
    hi=$b; step=$((step * 2))
  done
  while [ $((hi - lo)) -gt 1 ]; do
    b=$(( (lo + hi) / 2 ))
    t=$(dd if="$f" bs="$bs" skip="$b" count=1 2>/dev/null | awk "$T"' NR == 2 { printf "%.0f\n", ep($0); exit }')
    if [ -n "$t" ] && [ "$t" -ge 0 ] && [ "$t" -lt "$s" ]; then lo=$b; else hi=$b; fi
  done
  st=$((lo * bs))
  echo "gs-window: $f size=$sz offset=$st" >&2
  # awk only finds where the window starts (bytes after st; a block's first line is partial);
  # the rest goes out by seek and copy, never line by line.
  n=$(dd if="$f" bs="$bs" skip="$lo" 2>/dev/null | head -c $((sz - st)) | LC_ALL=C awk -v s="$s" -v lo="$lo" "$T"' NR == 1 && lo > 0 { n += length($0) + 1; next } ep($0) >= s { print n + 0; exit } { n += length($0) + 1 }')
  [ -n "$n" ] || continue
  tail -c +$((st + n + 1)) -- "$f" | head -c $((sz - st - n))
done | if [ "$z" = gzip ]; then gzip -1; else cat; fi
