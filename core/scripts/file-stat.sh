# shellcheck shell=sh
# gs_meta (file-meta.sh, put in front) of each argument, in order (RemoteFileInfo::script). Exits
# 0 whatever a file answered: a path missing from the output is the caller's to notice. Reads only.

for f in "$@"; do gs_meta "$f"; done
true
