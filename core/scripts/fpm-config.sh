# shellcheck shell=sh
# A PHP-FPM main configuration $1 and every file its include= globs match, recursively (six
# levels at most), each as "@@file PATH" then the content, or "@@unreadable PATH" then why
# (remotescripts::fpmConfig). Relative includes are taken from the prefix $2 (/usr when empty), as
# FPM does. Reads only.

P=${2:-/usr}
gs_fpm() {
  if [ "$2" -gt 6 ]; then return 0; fi
  echo "@@file $1"
  if cat -- "$1" 2>/dev/null; then echo
  else echo "@@unreadable $1"; cat -- "$1" 2>&1 >/dev/null | head -n 1; return 0; fi
  sed -n '/^[[:space:]]*include[[:space:]]*=/{s/^[^=]*=[[:space:]]*//;s/[[:space:]]*;.*$//;p;}' -- "$1" 2>/dev/null |
    tr -d '"\r' | while IFS= read -r g; do
      case "$g" in /*) ;; *) g="$P/$g" ;; esac
      # The include globs come from the server's own files and are expanded by the shell on
      # purpose (never evaluated); IFS is a newline so that paths with spaces stay whole.
      IFS='
'
      # shellcheck disable=SC2086 # the glob is meant to expand
      for f in $g; do if [ -f "$f" ]; then gs_fpm "$f" $(($2+1)); fi; done
    done
}
gs_fpm "$1" 0
true
