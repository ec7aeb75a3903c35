# shellcheck shell=sh
# The metadata of a server's configuration files (ConfigListing, read by
# ConfigDiscoveryParser::listing), one step per group of arguments:
#   svc N             prints "@@svc N": the files after it belong to service N
#   file PATH         gs_meta PATH (file-meta.sh, put in front)
#   glob DIR PATTERN  gs_meta of each regular file DIR/PATTERN matches (PHP-FPM's include=)
# A step cut short ends the list (shift past the end would end dash). Exits 0 whatever a file
# answered. Reads only.

while [ $# -gt 0 ]; do
  case $1 in svc | file) n=2 ;; glob) n=3 ;; *) n=1 ;; esac
  [ $# -ge $n ] || break
  case $1 in
  svc) echo "@@svc $2" ;;
  file) gs_meta "$2" ;;
  glob)
    # The pattern is left unquoted to be expanded: ConfigListing keeps it to glob and name
    # characters (no blank to split on); the directory is quoted.
    # shellcheck disable=SC2086
    for f in "$2"/$3; do [ -f "$f" ] && gs_meta "$f"; done ;;
  esac
  shift $n
done
true
