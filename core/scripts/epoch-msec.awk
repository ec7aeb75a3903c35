# ep(line): epoch seconds of the first time like 1763726403.123 (nginx's $msec) in line, or -1.
function ep(l) {
  if (!match(l, "[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][.][0-9][0-9][0-9]")) return -1
  return substr(l, RSTART, 10) + 0
}
