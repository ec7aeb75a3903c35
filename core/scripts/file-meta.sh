# shellcheck shell=sh
# gs_meta PATH: what a file is, as RemoteFileInfo::parse reads it, one line of tab-separated
# fields:
#   @@file PATH REAL LINK SIZE OWNER GROUP UID GID MODE LABEL SHA256
# for a regular file (REAL: `readlink -f`, where the bytes live; LINK 1 when PATH itself is a
# symlink; MODE the octal bits of stat %a; LABEL the SELinux context or "-"), else
#   @@missing PATH REAL LINK
# Returns 1 when stat or sha256sum fails on a file that is there. Reads only.
#
# A library, put in front of the scripts that report files (file-stat.sh, remote-file-read.sh,
# remote-file-write.sh, config-file-list.sh, apply.sh): it defines gs_meta and gs_tab and runs
# nothing else. Its variables are gs_* (sh has no locals); gs_r is the last real path.

gs_tab=$(printf '\t')
gs_meta() {
  gs_p=$1
  gs_r=$(readlink -f -- "$gs_p" 2>/dev/null) || gs_r=
  if [ -L "$gs_p" ]; then gs_l=1; else gs_l=0; fi
  if [ -n "$gs_r" ] && [ -f "$gs_r" ]; then
    gs_s=$(stat -c "%s$gs_tab%U$gs_tab%G$gs_tab%u$gs_tab%g$gs_tab%a" -- "$gs_r") || return 1
    # The label only where SELinux is mounted: elsewhere stat prints "?" and fails.
    gs_c=-
    if [ -d /sys/fs/selinux ]; then gs_c=$(stat -c %C -- "$gs_r" 2>/dev/null) || gs_c=-; fi
    gs_h=$(sha256sum < "$gs_r") || return 1
    gs_h=${gs_h%% *}
    printf '@@file\t%s\t%s\t%s\t%s\t%s\t%s\n' "$gs_p" "$gs_r" "$gs_l" "$gs_s" "$gs_c" "$gs_h"
  else
    printf '@@missing\t%s\t%s\t%s\n' "$gs_p" "$gs_r" "$gs_l"
  fi
}
