# dfc(y, m, d): days from 1970-01-01 to a civil date (days_from_civil, as in
# nginx/accesslogfields.cpp), in awk arithmetic: POSIX awk has no mktime. The epoch-*.awk
# functions use it; awkEpochFunctions() puts it in front of them.
function dfc(y, m, d,  era, yoe, doy, doe) {
  y -= (m <= 2); era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
  doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
