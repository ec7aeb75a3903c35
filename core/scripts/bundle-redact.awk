# The support bundle's redaction (`gatescope-cli bundle script --redact`), run on the customer's
# server before anything is archived. It replaces the values that identify the customer's systems
# the way Gatescope's report redaction does (the same kinds, the same tokens, the same ordinary
# words left alone): host-1, site-2, user-1, pool-1, service-1, upstream-1, wherever they stand
# whole, also inside paths (/var/www/site-1/) and unit names (service-1.service). The mapping is
# written to `mapfile` only, which the collector keeps beside the bundle, never in it.
#
# What a diagnosis must still parse keeps its shape: addresses become documentation addresses
# (192.0.2.N, 2001:db8::N) instead of "ip-N", and loopback and "any" addresses stay, as they
# name no machine and tell a local upstream from a remote one. In the logs, request paths become
# /path-N (a query string is dropped) and URLs keep their scheme and host but not their path.
# In the configuration, comments are emptied (lines stay where they were, so line numbers hold)
# and the values of env[...] and of parameters and headers named like secrets are removed.
#
# Usage: awk -v dir=BUNDLE_DIR (empty: the current directory) -v mapfile=MAP -v host=HOSTNAME -v words=... -v tlds=...
#            -v publics=... -v sysusers=... -f bundle-redact.awk
#            phase=learn CONFIG_FILES... phase=apply EVERY_FILE...
# Each file F of the apply phase is written redacted to F.r. Words, tlds, publics and sysusers
# are Gatescope's own lists (space-separated), given by the script that embeds this file.

BEGIN {
    split_set(words, ordinary)
    split_set(tlds, tld)
    split_set(publics, public)
    split_set(sysusers, sysuser)
    # Which probe each output file holds: config and logs are read differently.
    base = dir == "" ? "" : dir "/"
    while ((getline line < (base "observations.tsv")) > 0) {
        split(line, field, "\t")
        probe[base field[1] ".out"] = field[4]
    }
    close(base "observations.tsv")
    # The machine's name, and its short name under the same token.
    add("host", host)
    key = tolower(host)
    short = key
    sub(/\..*$/, "", short)
    if ((key in map) && short != key && length(short) >= 3 && !is_ordinary(short) && !(short in map)) {
        map[short] = map[key]
        starts[short] = 1
        maps[++nmap] = short
    }
    out = ""
}

function split_set(text, set,   n, i, part) {
    n = split(text, part, " ")
    for (i = 1; i <= n; i++)
        set[part[i]] = 1
}

function is_ordinary(key) {
    return (key in ordinary) || key ~ /^(php[0-9.]*(-fpm[0-9.]*)?|php-fpm[0-9.]*|systemd-.*|user@.*|getty@.*|python[0-9.]*|nginx-.*)$/
}

# Registers a value of a kind, as the report's Redactor::add does: quotes, a port, "*." and
# dots at the ends come off; short, numeric, ordinary, public and system names are left.
function add(kind, value,   key) {
    gsub(/^["']+|["']+$/, "", value)
    if (kind == "host" || kind == "site") {
        sub(/:[0-9]*$/, "", value)
        sub(/^(\*?\.)+/, "", value)
        sub(/\.+$/, "", value)
    }
    if (kind == "service")
        sub(/\.(service|socket|timer)$/, "", value)
    key = tolower(value)
    if (length(key) < 3 || key !~ /^[a-z0-9][a-z0-9_.@-]*$/ || key ~ /^[0-9._-]+$/)
        return
    if (is_ordinary(key) || (key in public) || (kind == "user" && (key in sysuser)))
        return
    if (is_ipv4(key) || (key in map))
        return
    map[key] = kind "-" (++count[kind])
    first = key
    sub(/[^a-z0-9].*$/, "", first)
    if (first != "")
        starts[first] = 1
    maps[++nmap] = key
}

function is_ipv4(text,   n, i, part) {
    if (text !~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/)
        return 0
    n = split(text, part, ".")
    for (i = 1; i <= n; i++)
        if (length(part[i]) > 3 || part[i] + 0 > 255)
            return 0
    return 1
}

# A candidate with two colons or more: an IPv6 address, not a time (12:03:10) or a MAC.
function is_ipv6(text,   n, i, part, doubled, groups) {
    if (text !~ /^[0-9a-fA-F:]+$/ || text ~ /:::/)
        return 0
    doubled = gsub(/::/, "::", text)
    if (doubled > 1)
        return 0
    n = split(text, part, ":")
    groups = 0
    for (i = 1; i <= n; i++) {
        if (length(part[i]) > 4)
            return 0
        if (part[i] != "")
            groups++
    }
    return doubled ? groups < 8 : groups == 8
}

function address4(text,   key, n) {
    if (text ~ /^127\./ || text == "0.0.0.0")
        return text
    key = "ip4 " text
    if (!(key in map)) {
        n = ++count["ip4"]
        map[key] = n <= 254 ? "192.0.2." n \
            : sprintf("240.%d.%d.%d", int(n / 65536) % 256, int(n / 256) % 256, n % 256)
        maps[++nmap] = key
    }
    return map[key]
}

function address6(text,   key) {
    key = tolower(text)
    if (key == "::1" || key == "::" || key ~ /^0*:(0*:)*0*:?0*1$/)
        return text
    key = "ip6 " key
    if (!(key in map)) {
        map[key] = sprintf("2001:db8::%x", ++count["ip6"])
        maps[++nmap] = key
    }
    return map[key]
}

# A request path's token: the same path, the same token; its extension stays (a .php script
# and an image fail for different reasons), its query string goes.
function path_token(uri,   last, ext) {
    sub(/[?#].*$/, "", uri)
    if (uri == "" || uri == "/" || uri == "*")
        return uri
    last = uri
    sub(/^.*\//, "", last)
    ext = ""
    if (match(last, /\.[A-Za-z0-9]+$/) && RLENGTH <= 6)
        ext = substr(last, RSTART)
    return token("path", uri, "/path-") ext
}

# The token of a value that stays in the logs only (a path, a user agent): never looked for in
# other words, so it is kept apart from the names.
function token(kind, value, prefix,   key) {
    key = kind " " value
    if (!(key in map)) {
        map[key] = prefix (++count[kind])
        maps[++nmap] = key
    }
    return map[key]
}

# What a line reveals by where a name stands (Redactor::learn's patterns).
function learn_line(line, config,   lower) {
    grab(line, "/home/[^/ \t\"':;,)]+", "^/home/", "user")
    grab(line, "/(var/www/vhosts|var/www|srv/www|srv/http|srv)/[^/ \t\"':;,)]+", "^.*/", "site")
    grab(line, "/sites-(enabled|available)/[^/ \t\"':;,)]+", "^.*/|\\.conf$", "site")
    grab(line, "/[A-Za-z0-9][A-Za-z0-9.-]*[._-](access|error|ssl)[A-Za-z0-9._-]*\\.log", "^/|[._-](access|error|ssl)[A-Za-z0-9._-]*\\.log$", "site")
    grab(line, "/(pool\\.d|php-fpm\\.d)/[^/ \t\"':;,)]+\\.conf", "^.*/|\\.conf$", "pool")
    grab(line, "\\[pool [^] \t]+\\]", "^\\[pool |\\]$", "pool")
    grab(line, "server: [^, \t\"]+", "^server: ", "site")
    grab(line, "host: \"[^\"]+\"", "^host: ", "site")
    grab(line, "/etc/(rc\\.d/)?init\\.d/[A-Za-z0-9][A-Za-z0-9_.@-]*", "^.*/", "service")
    grab(line, "(journalctl.* -u|systemctl (start|stop|restart|reload|status|enable|disable|show|is-active)) +[A-Za-z0-9][A-Za-z0-9_.@-]*", "^.* ", "service")
    grab(line, "[A-Za-z][A-Za-z0-9+.-]*://[^@/ \t\"']+@", "^.*://|(:[^@]*)?@$", "user")
    # The login that collected the bundle (manifest.txt).
    if (line ~ /^user=/)
        add("user", substr(line, 6))
    # An access log's authenticated user: "ADDRESS - USER [time]".
    if (line ~ /^[^ ]+ - [^ ]+ \[/)
        grab(line, "^[^ ]+ - [^ ]+ \\[", "^[^ ]+ - | \\[$", "user")
    if (config == "")
        return
    lower = tolower(line)
    if (lower ~ /^[ \t]*server_name[ \t]/)
        grab_words(line, "^[ \t]*server_name[ \t]+", "site")
    else if (lower ~ /^[ \t]*upstream[ \t]+[^ \t{]+[ \t]*\{/)
        grab(line, "^[ \t]*upstream[ \t]+[^ \t{]+", "^[ \t]*upstream[ \t]+", "upstream")
    else if (lower ~ /^[ \t]*(user|group)[ \t]*=/)
        grab(line, "^[ \t]*(user|group)[ \t]*=[ \t]*[^ \t;]+", "^[^=]*=[ \t]*", "user")
    else if (lower ~ /^[ \t]*user[ \t]+[^ \t;]+/)
        grab(line, "^[ \t]*user[ \t]+[^ \t;]+", "^[ \t]*user[ \t]+", "user")
    else if (line ~ /^[ \t]*\[[^]]+\][ \t]*$/ && line !~ /^[ \t]*\[global\]/)
        grab(line, "\\[[^]]+\\]", "^\\[|\\]$", "pool")
}

function grab(line, re, strip, kind,   value) {
    while (match(line, re)) {
        value = substr(line, RSTART, RLENGTH)
        line = substr(line, RSTART + RLENGTH)
        gsub(strip, "", value)
        add(kind, value)
    }
}

# server_name's names: regular expressions and the catch-all "_" name no one.
function grab_words(line, lead, kind,   n, i, name) {
    sub(lead, "", line)
    sub(/;.*$/, "", line)
    n = split(line, name, /[ \t]+/)
    for (i = 1; i <= n; i++)
        if (name[i] !~ /^~/)
            add(kind, name[i])
}

# One run of name characters: an address, a newly seen domain, unit or mail address, then the
# registered names within it, longest first, each where it stands whole.
function run(text,   lower, at, domain) {
    if (text ~ /:/)
        return colon_run(text)
    if (is_ipv4(text))
        return address4(text)
    lower = tolower(text)
    domain = lower
    sub(/\.+$/, "", domain)
    if (domain ~ /\.[a-z]+$/ && domain ~ /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/) {
        at = domain
        sub(/^.*\./, "", at)
        if (at in tld)
            add("site", domain)
    }
    if (lower ~ /^[a-z0-9][a-z0-9_.@-]*\.(service|socket|timer)$/ && lower !~ /@/)
        add("service", lower)
    if ((at = index(lower, "@")) > 1 && substr(lower, at + 1) ~ /\./ \
        && substr(lower, at + 1) !~ /\.(service|socket|timer)$/) {
        add("user", substr(lower, 1, at - 1))
        run(substr(text, at + 1))
    }
    return names(text, lower)
}

# host:port, scheme:, unix:/path and IPv6 addresses: the parts between colons, one by one.
function colon_run(text,   n, i, part, result) {
    if (is_ipv6(text))
        return address6(text)
    n = split(text, part, ":")
    result = ""
    for (i = 1; i <= n; i++)
        result = result (i > 1 ? ":" : "") (part[i] == "" ? "" : run(part[i]))
    return result
}

function names(text, lower,   result, rest, pos, len, seg, i, j, best, cand, ends, n) {
    if (lower in map)
        return map[lower]
    result = ""
    pos = 1
    len = length(text)
    while (pos <= len) {
        rest = substr(lower, pos)
        if (!match(rest, /^[a-z0-9]+/)) {
            result = result substr(text, pos, 1)
            pos++
            continue
        }
        seg = substr(rest, 1, RLENGTH)
        best = 0
        if (seg in starts) {
            # Where a registered name may end: at the end of each run of letters and digits.
            n = 0
            for (j = RLENGTH; j <= length(rest); j++)
                if (substr(rest, j, 1) ~ /[a-z0-9]/ && (j == length(rest) || substr(rest, j + 1, 1) !~ /[a-z0-9]/))
                    ends[++n] = j
            for (i = n; i >= 1 && !best; i--) {
                cand = substr(rest, 1, ends[i])
                if (cand in map)
                    best = ends[i]
            }
        }
        if (best) {
            result = result map[cand]
            pos += best
        } else {
            result = result substr(text, pos, RLENGTH)
            pos += RLENGTH
        }
    }
    return result
}

function words_of(line,   result, value, before) {
    result = ""
    # run() matches too: RSTART and RLENGTH are taken before it is called.
    while (match(line, /[A-Za-z0-9._@:-]+/)) {
        value = substr(line, RSTART, RLENGTH)
        before = substr(line, 1, RSTART - 1)
        line = substr(line, RSTART + RLENGTH)
        result = result before run(value)
    }
    return result line
}

# In logs: "GET /path?query HTTP/1.1" and "scheme://host/path" inside quotes keep their method,
# protocol, scheme and host; the path becomes its token.
function log_paths(line,   result, quoted, inner, head, uri) {
    result = ""
    while (match(line, /"[^"]*"/)) {
        quoted = substr(line, RSTART, RLENGTH)
        result = result substr(line, 1, RSTART - 1)
        line = substr(line, RSTART + RLENGTH)
        inner = substr(quoted, 2, length(quoted) - 2)
        if (match(inner, /^[A-Z]+ [^ ]+ HTTP\/[0-9.]+$/)) {
            head = inner
            sub(/ .*$/, "", head)
            uri = inner
            sub(/^[A-Z]+ /, "", uri)
            sub(/ HTTP\/[0-9.]+$/, "", uri)
            quoted = "\"" head " " url_path(uri) " " substr(inner, length(head) + length(uri) + 3) "\""
        } else if (inner ~ /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^ ]*$/) {
            quoted = "\"" url_path(inner) "\""
        } else if (inner ~ /^[A-Za-z][A-Za-z0-9._+-]*\/[0-9]/) {
            # A user agent ("Mozilla/5.0 (...)", "AcmeApp/2.1"): apps name their makers.
            quoted = "\"" token("agent", inner, "agent-") "\""
        }
        result = result quoted
    }
    return result line
}

function url_path(url,   head) {
    if (url ~ /^[A-Za-z][A-Za-z0-9+.-]*:\/\/unix:/)
        return url
    if (match(url, /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\/?#]*/)) {
        head = substr(url, 1, RLENGTH)
        return head path_token(substr(url, RLENGTH + 1))
    }
    return path_token(url)
}

# In nginx's configuration: a comment is emptied ('#' where a word may start, outside quotes,
# as nginx reads it); nginx -T's "# configuration file PATH:" lines are not comments.
function nginx_line(line,   i, c, quote, space, name, head) {
    if (line ~ /^# configuration file /)
        return line
    if (index(line, "#")) {
        quote = ""
        space = 1
        for (i = 1; i <= length(line); i++) {
            c = substr(line, i, 1)
            if (quote != "") {
                if (c == "\\")
                    i++
                else if (c == quote)
                    quote = ""
            } else if (c == "\"" || c == "'") {
                quote = c
            } else if (c == "#" && space) {
                line = substr(line, 1, i)
                break
            }
            space = c ~ /[ \t;{}]/
        }
    }
    if (match(tolower(line), /^[ \t]*[a-z_]*(_param|_header)[ \t]+[^ \t;]+[ \t]+[^ \t;]/)) {
        # The directive and the parameter's name; its value goes.
        head = substr(line, RSTART, RLENGTH - 1)
        sub(/[ \t]+$/, "", head)
        name = tolower(head)
        sub(/^.*[ \t]/, "", name)
        if (name ~ /pass|secret|token|key|auth|credential|cookie|pwd/)
            line = head " (redacted);"
    }
    return line
}

# In PHP-FPM's: comment lines are emptied; env[...] values and secret-like php values go.
function fpm_line(line,   lower) {
    if (match(line, /^[ \t]*[;#]/))
        return substr(line, 1, RLENGTH)
    lower = tolower(line)
    if (lower ~ /^[ \t]*env\[[^]]*\][ \t]*=/ \
        || (lower ~ /^[ \t]*php(_admin)?_(value|flag)\[[^]]*(pass|secret|token|key|auth|credential|pwd)[^]]*\][ \t]*=/)) {
        sub(/=.*$/, "= (redacted)", line)
    }
    return line
}

FNR == 1 {
    kind = probe[FILENAME]
    config = kind ~ /^nginx_(T|files)@/ ? "nginx" : kind ~ /^fpmconf:/ ? "fpm" : ""
    logfile = kind ~ /^(errorlog|accesslog|fpmlog|unit):/
    if (phase == "apply") {
        if (out != "")
            close(out)
        out = FILENAME ".r"
    }
}

# What comments say is not learned: they are emptied anyway.
phase == "learn" {
    learn_line(config == "nginx" ? nginx_line($0) : config == "fpm" ? fpm_line($0) : $0, config)
    next
}

{
    line = $0
    if (config == "nginx")
        line = nginx_line(line)
    else if (config == "fpm")
        line = fpm_line(line)
    learn_line(line, config)
    if (logfile)
        line = log_paths(line)
    print words_of(line) > out
}

END {
    if (out != "")
        close(out)
    print "# Gatescope bundle redaction map: token<TAB>the value it stands for." > mapfile
    print "# Keep this file: it is not in the bundle, and it is what turns the report's tokens" > mapfile
    print "# back into your names. Do not send it with the bundle." > mapfile
    for (i = 1; i <= nmap; i++) {
        value = maps[i]
        sub(/^(ip4|ip6|path|agent) /, "", value)
        print map[maps[i]] "\t" value > mapfile
    }
    close(mapfile)
}
