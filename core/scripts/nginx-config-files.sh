# shellcheck shell=sh
# nginx's configuration as `nginx -T` prints it ("# configuration file PATH:", the file, a blank
# line; the main file first, then every file its include directives reach), read from the files
# themselves. For a login that may read /etc/nginx but not run `nginx -T`, which needs root to
# open the logs and the pid file before it prints anything.
#
# Usage: nginx-config-files.sh MAIN_CONFIG
# Relative include paths are taken from MAIN_CONFIG's directory, as nginx does. Includes that
# reach an already listed file, and more than 500 files, are not followed. Reads only.

main=$1
[ -n "$main" ] || { echo "nginx-config-files: no configuration file given" >&2; exit 2; }
[ -r "$main" ] || { echo "nginx-config-files: cannot read $main" >&2; exit 1; }
base=${main%/*}
[ -n "$base" ] || base=/

# The include arguments of one file, one per line: comments dropped, quotes removed.
includes() {
    awk '{
        sub(/#.*/, "")
        line = " " $0
        while (match(line, /[ \t;{}]include[ \t]+[^;]+;/)) {
            arg = substr(line, RSTART + 1, RLENGTH - 1)
            sub(/^include[ \t]+/, "", arg)
            sub(/[ \t]*;$/, "", arg)
            gsub(/["\047]/, "", arg)
            print arg
            line = substr(line, RSTART + RLENGTH)
        }
    }' "$1" 2>/dev/null
}

nl='
'
seen=$nl
queue=$main
count=0
IFS=$nl
while [ -n "$queue" ]; do
    file=${queue%%"$nl"*}
    case $queue in
        *"$nl"*) queue=${queue#*"$nl"} ;;
        *) queue= ;;
    esac
    case $seen in *"$nl$file$nl"*) continue ;; esac
    count=$((count + 1))
    [ "$count" -le 500 ] || { echo "nginx-config-files: more than 500 files; stopped" >&2; break; }
    seen=$seen$file$nl
    if [ ! -r "$file" ]; then
        echo "nginx-config-files: cannot read $file" >&2
        continue
    fi
    printf '# configuration file %s:\n' "$file"
    cat -- "$file"
    # nginx -T ends each file with a line feed of its own.
    printf '\n'
    for pattern in $(includes "$file"); do
        case $pattern in
            /*) ;;
            *) pattern=$base/$pattern ;;
        esac
        # The shell expands the glob as nginx does (sorted; IFS is a newline, so spaces in
        # paths survive); a pattern matching nothing stays as it is and fails the -f test.
        for match in $pattern; do
            [ -f "$match" ] && queue=${queue:+$queue$nl}$match
        done
    done
done
exit 0
