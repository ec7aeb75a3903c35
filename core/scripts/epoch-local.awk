# ep(line): epoch seconds of the first time like 21/Nov/2026:12:00:03 +0100 (nginx's
# $time_local) in line, or -1. Needs dfc (epoch-civil.awk).
function ep(l,  s, mo, t, z) {
  if (!match(l, "[0-9][0-9]/[A-Z][a-z][a-z]/[0-9][0-9][0-9][0-9]:[0-9][0-9]:[0-9][0-9]:[0-9][0-9] [-+][0-9][0-9][0-9][0-9]")) return -1
  s = substr(l, RSTART, RLENGTH)
  mo = index("JanFebMarAprMayJunJulAugSepOctNovDec", substr(s, 4, 3))
  if (mo == 0 || mo % 3 != 1) return -1
  t = dfc(substr(s, 8, 4) + 0, (mo + 2) / 3, substr(s, 1, 2) + 0) * 86400
  t += substr(s, 13, 2) * 3600 + substr(s, 16, 2) * 60 + substr(s, 19, 2)
  z = substr(s, 23, 2) * 3600 + substr(s, 25, 2) * 60
  return substr(s, 22, 1) == "-" ? t + z : t - z
}
