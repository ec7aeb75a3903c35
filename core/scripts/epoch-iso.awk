# ep(line): epoch seconds of the first time like 2026-11-21T12:00:03+01:00 or ...Z (nginx's
# $time_iso8601) in line, or -1. Needs dfc (epoch-civil.awk).
function ep(l,  s, t, z, r) {
  if (!match(l, "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]")) return -1
  s = substr(l, RSTART, RLENGTH); r = substr(l, RSTART + RLENGTH, 6)
  t = dfc(substr(s, 1, 4) + 0, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0) * 86400
  t += substr(s, 12, 2) * 3600 + substr(s, 15, 2) * 60 + substr(s, 18, 2)
  z = substr(r, 2, 2) * 3600 + substr(r, 5, 2) * 60
  if (substr(r, 1, 1) == "+") return t - z
  if (substr(r, 1, 1) == "-") return t + z
  return t
}
