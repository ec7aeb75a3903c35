# shellcheck shell=sh
# One file $1 (RemoteFile::read): its gs_meta line (file-meta.sh, put in front), then its bytes
# as they are, read from the real path. Exits non-zero, with nothing after the line, when $1 is
# not a regular file or cannot be read. Reads only.

gs_meta "$1" || exit 1
gs_r=$(readlink -f -- "$1") && [ -f "$gs_r" ] && cat -- "$gs_r"
