# The support bundle's third round: what an nginx configuration (as `nginx -T` prints it) names
# for the diagnosis to read and probe, one tab-separated line each:
#   errorlog PATH | accesslog PATH | user NAME
#   peer DIRECTIVE SCHEME PEER TIMEOUT_SECONDS   (PEER as Gatescope keys it: host:port, [v6]:port,
#                                                  unix:/path)
#   site URL SERVER_NAME
# A candidate list: Gatescope's own plan later takes from the bundle only what it asks for, so
# naming a little more than needed is harmless and naming less leaves a gap the report shows.
# Usage: awk -f bundle-targets.awk -v prefix=NGINX_PREFIX DUMP
# POSIX awk (mawk, busybox) only.

# One line of `fields` tab-separated values (empty ones kept, so columns never shift).
function emit(fields, kind, a, b, c, d,   line) {
    line = kind "\t" a
    if (fields > 2) line = line "\t" b
    if (fields > 3) line = line "\t" c "\t" d
    if (!(line in seen)) { seen[line] = 1; print line }
}

function unquote(s) {
    gsub(/^["']|["']$/, "", s)
    return s
}

function seconds(v,   n) {
    n = v + 0
    if (v ~ /ms$/) return int(n / 1000)
    if (v ~ /m$/) return n * 60
    if (v ~ /h$/) return n * 3600
    return n
}

function logpath(p) {
    p = unquote(p)
    if (p == "" || p == "off" || p == "stderr" || p ~ /^(syslog|memory):/) return ""
    return p
}

# The read timeout in force at this depth for directive family f (proxy, fastcgi, ...).
function timeout_for(f,   d) {
    for (d = depth; d >= 0; d--)
        if ((f, d) in tmo) return tmo[f, d]
    return 60
}

function probe_seconds(t) {
    t = int(t) + 2
    if (t < 3) t = 3
    if (t > 10) t = 10
    return t
}

# host[:port] with an optional [v6] form; sets H (bare host) and P (port, 0 when absent).
function split_host(a,   i) {
    H = a; P = 0
    if (a ~ /^\[/) {
        i = index(a, "]")
        H = substr(a, 2, i - 2)
        if (substr(a, i + 1, 1) == ":") P = substr(a, i + 2) + 0
        return
    }
    i = index(a, ":")
    if (i > 0 && index(substr(a, i + 1), ":") == 0) {
        H = substr(a, 1, i - 1)
        P = substr(a, i + 1) + 0
    }
}

function peer_of(h, p) {
    return (index(h, ":") ? "[" h "]" : h) ":" p
}

function statement(   name, i, family, target, v) {
    name = tok[1]
    if (name == "error_log" && ntok >= 2) {
        v = logpath(tok[2])
        if (v != "") {
            emit(2, "errorlog", v)
            if (v !~ /^\// && prefix != "") emit(2, "errorlog", prefix "/" v)
        }
    } else if (name == "access_log" && ntok >= 2) {
        v = logpath(tok[2])
        if (v != "") emit(2, "accesslog", v)
    } else if (name == "user" && depth == 0 && ntok >= 2) {
        emit(2, "user", unquote(tok[2]))
    } else if (name ~ /_read_timeout$/ && ntok >= 2) {
        family = name
        sub(/_read_timeout$/, "", family)
        tmo[family, depth] = seconds(tok[2])
    } else if (name == "server" && blk[depth] == "upstream" && ntok >= 2) {
        ups[upname[depth]] = ups[upname[depth]] " " tok[2]
    } else if (name ~ /^(proxy|fastcgi|uwsgi|scgi|grpc|memcached)_pass$/ && ntok >= 2) {
        family = name
        sub(/_pass$/, "", family)
        target = unquote(tok[2])
        npass++
        pass_dir[npass] = name
        pass_target[npass] = target
        pass_tmo[npass] = probe_seconds(timeout_for(family))
    } else if (name == "listen" && blk[depth] == "server") {
        nlisten++
        listens[nlisten] = tok[2]
        for (i = 3; i <= ntok; i++) {
            if (tok[i] == "ssl") listens[nlisten] = listens[nlisten] " ssl"
            if (tok[i] == "quic") listens[nlisten] = listens[nlisten] " quic"
        }
    } else if (name == "server_name" && blk[depth] == "server" && servername == "") {
        servername = unquote(tok[2])
    }
}

function open_block(   name) {
    name = tok[1]
    depth++
    blk[depth] = name
    if (name == "upstream") upname[depth] = tok[2]
    if (name == "server") {
        nlisten = 0
        servername = ""
    }
}

function close_block(   f, k) {
    if (blk[depth] == "server") server_sites()
    for (k in tmo) {
        split(k, f, SUBSEP)
        if (f[2] == depth) delete tmo[k]
    }
    delete blk[depth]
    if (depth > 0) depth--
}

function server_sites(   i, w, n, a, host, port, ssl, name) {
    name = servername
    if (name == "_" || name == "\"\"") name = ""
    for (i = 1; i <= nlisten; i++) {
        n = split(listens[i], w, " ")
        if (listens[i] ~ / quic/) continue
        ssl = listens[i] ~ / ssl/
        a = w[1]
        if (a ~ /^unix:/) continue
        if (a ~ /^[0-9]+$/) { host = ""; port = a + 0 }
        else { split_host(a); host = H; port = P; if (port == 0) port = 80 }
        if (port <= 0) continue
        if (host == "" || host == "*" || host == "0.0.0.0") host = "127.0.0.1"
        else if (host == "::") host = "[::1]"
        else if (index(host, ":")) host = "[" host "]"
        if (sites >= 12) continue
        sites++
        emit(3, "site", (ssl ? "https" : "http") "://" host ":" port "/", name)
    }
}

function resolve_passes(   i, t, scheme, rest, n, m, members, host, d, peer, p) {
    for (i = 1; i <= npass; i++) {
        t = pass_target[i]
        d = pass_dir[i]
        if (t ~ /\$/) continue
        scheme = ""
        if (match(t, /^[a-z]+:\/\//)) {
            scheme = substr(t, 1, RLENGTH - 3)
            t = substr(t, RLENGTH + 1)
        }
        if (t ~ /^unix:/) {
            # The path ends at the next ':' (proxy_pass http://unix:/run/app.sock:/uri).
            p = substr(t, 6)
            if (index(p, ":") > 0) p = substr(p, 1, index(p, ":") - 1)
            emit(5, "peer", d, scheme, "unix:" p, pass_tmo[i])
            continue
        }
        sub(/\/.*$/, "", t)
        if (t in ups) {
            n = split(ups[t], members, " ")
            for (m = 1; m <= n; m++) {
                if (members[m] ~ /^unix:/) { emit(5, "peer", d, scheme, members[m], pass_tmo[i]); continue }
                split_host(members[m])
                emit(5, "peer", d, scheme, peer_of(H, P ? P : 80), pass_tmo[i])
            }
            continue
        }
        split_host(t)
        if (P == 0) {
            if (d == "fastcgi_pass" || d == "uwsgi_pass" || d == "scgi_pass") continue
            P = (scheme == "https" || scheme == "grpcs") ? 443 : 80
        }
        emit(5, "peer", d, scheme, peer_of(H, P), pass_tmo[i])
    }
}

BEGIN { depth = 0; blk[0] = "main"; ntok = 0 }

# nginx -T prints each file whole after this line; an include does not nest it.
/^# configuration file / { depth = 0; ntok = 0; next }

{
    line = $0
    # Comments end a line; a '#' inside quotes is rare enough in the directives read here.
    sub(/#.*/, "", line)
    gsub(/[{};]/, " & ", line)
    n = split(line, w, /[ \t\r]+/)
    for (i = 1; i <= n; i++) {
        if (w[i] == "") continue
        if (w[i] == ";") { if (ntok) statement(); ntok = 0 }
        else if (w[i] == "{") { if (ntok) open_block(); else depth++; ntok = 0 }
        else if (w[i] == "}") { close_block(); ntok = 0 }
        else tok[++ntok] = w[i]
    }
}

END { resolve_passes() }
