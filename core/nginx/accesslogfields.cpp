#include "nginx/accesslogfields.h"

namespace gs::nginx {

bool parseDigits(QByteArrayView text, qsizetype at, qsizetype count, int &value)
{
    if (at < 0 || at + count > text.size())
        return false;
    int result = 0;
    for (qsizetype i = at; i < at + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return false;
        result = result * 10 + (c - '0');
    }
    value = result;
    return true;
}

int monthFromAbbreviation(QByteArrayView text)
{
    if (text.size() < 3)
        return 0;
    const char *m = text.data();
    // Switch on the first letter and disambiguate: faster than a table search, and allocation free.
    switch (m[0]) {
    case 'J':
        if (m[1] == 'a' && m[2] == 'n')
            return 1;
        if (m[1] == 'u' && m[2] == 'n')
            return 6;
        if (m[1] == 'u' && m[2] == 'l')
            return 7;
        return 0;
    case 'F': return (m[1] == 'e' && m[2] == 'b') ? 2 : 0;
    case 'M':
        if (m[1] == 'a' && m[2] == 'r')
            return 3;
        if (m[1] == 'a' && m[2] == 'y')
            return 5;
        return 0;
    case 'A':
        if (m[1] == 'p' && m[2] == 'r')
            return 4;
        if (m[1] == 'u' && m[2] == 'g')
            return 8;
        return 0;
    case 'S': return (m[1] == 'e' && m[2] == 'p') ? 9 : 0;
    case 'O': return (m[1] == 'c' && m[2] == 't') ? 10 : 0;
    case 'N': return (m[1] == 'o' && m[2] == 'v') ? 11 : 0;
    case 'D': return (m[1] == 'e' && m[2] == 'c') ? 12 : 0;
    default: return 0;
    }
}

std::optional<qint64> epochFromCivil(int year, int month, int day, int hour, int minute, int second)
{
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    return daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400
           + hour * 3600 + minute * 60 + second;
}

qint64 daysFromCivil(qint64 year, unsigned month, unsigned day)
{
    // Howard Hinnant's days_from_civil.
    year -= month <= 2 ? 1 : 0;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const qint64 yoe = year - era * 400;
    const qint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::optional<qint64> parseTimeLocal(QByteArrayView t)
{
    // 21/Nov/2026:12:00:03 +0100
    if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' || t[17] != ':'
        || t[20] != ' ' || (t[21] != '+' && t[21] != '-')) {
        return std::nullopt;
    }
    int day = 0, year = 0, hour = 0, minute = 0, second = 0, zh = 0, zm = 0;
    if (!parseDigits(t, 0, 2, day) || !parseDigits(t, 7, 4, year) || !parseDigits(t, 12, 2, hour)
        || !parseDigits(t, 15, 2, minute) || !parseDigits(t, 18, 2, second)
        || !parseDigits(t, 22, 2, zh) || !parseDigits(t, 24, 2, zm)) {
        return std::nullopt;
    }
    const int month = monthFromAbbreviation(t.sliced(3, 3));
    const std::optional<qint64> local = epochFromCivil(year, month, day, hour, minute, second);
    if (!local)
        return std::nullopt;
    const qint64 offset = (zh * 3600 + zm * 60) * (t[21] == '-' ? -1 : 1);
    return *local - offset;
}

std::optional<qint64> parseTimeIso8601(QByteArrayView t)
{
    // 2026-11-21T12:00:03+01:00 or 2026-11-21T12:00:03Z
    if (t.size() < 20 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':'
        || t[16] != ':') {
        return std::nullopt;
    }
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!parseDigits(t, 0, 4, year) || !parseDigits(t, 5, 2, month) || !parseDigits(t, 8, 2, day)
        || !parseDigits(t, 11, 2, hour) || !parseDigits(t, 14, 2, minute)
        || !parseDigits(t, 17, 2, second)) {
        return std::nullopt;
    }
    const std::optional<qint64> local = epochFromCivil(year, month, day, hour, minute, second);
    if (!local)
        return std::nullopt;
    qsizetype zone = 19;
    if (zone < t.size() && t[zone] == '.') { // fractional seconds are tolerated, not used
        ++zone;
        while (zone < t.size() && t[zone] >= '0' && t[zone] <= '9')
            ++zone;
    }
    if (zone == t.size() - 1 && t[zone] == 'Z')
        return *local;
    int zh = 0, zm = 0;
    if (zone + 6 != t.size() || (t[zone] != '+' && t[zone] != '-') || t[zone + 3] != ':'
        || !parseDigits(t, zone + 1, 2, zh) || !parseDigits(t, zone + 4, 2, zm)) {
        return std::nullopt;
    }
    const qint64 offset = (zh * 3600 + zm * 60) * (t[zone] == '-' ? -1 : 1);
    return *local - offset;
}

std::optional<qint64> parseMsec(QByteArrayView t)
{
    qint64 seconds = 0;
    qsizetype i = 0;
    for (; i < t.size() && t[i] != '.'; ++i) {
        if (t[i] < '0' || t[i] > '9' || i >= 12)
            return std::nullopt;
        seconds = seconds * 10 + (t[i] - '0');
    }
    if (i == 0)
        return std::nullopt;
    for (qsizetype j = i + 1; j < t.size(); ++j) {
        if (t[j] < '0' || t[j] > '9')
            return std::nullopt;
    }
    return seconds;
}

int parseStatus(QByteArrayView t)
{
    int value = 0;
    if (t.size() != 3 || !parseDigits(t, 0, 3, value))
        return -1;
    return value;
}

qint64 parseSecondsAsMs(QByteArrayView t)
{
    qint64 seconds = 0;
    qsizetype i = 0;
    for (; i < t.size() && t[i] != '.'; ++i) {
        if (t[i] < '0' || t[i] > '9' || i >= 10)
            return -1;
        seconds = seconds * 10 + (t[i] - '0');
    }
    if (i == 0)
        return -1;
    qint64 millis = 0;
    int digits = 0;
    for (qsizetype j = i + 1; j < t.size(); ++j) {
        if (t[j] < '0' || t[j] > '9')
            return -1;
        if (digits < 3) {
            millis = millis * 10 + (t[j] - '0');
            ++digits;
        }
    }
    for (; digits < 3; ++digits)
        millis *= 10;
    return seconds * 1000 + millis;
}

qint64 sumUpstreamMs(QByteArrayView text)
{
    qint64 total = -1;
    forEachUpstreamValue(text, [&total](QByteArrayView value, bool) {
        const qint64 ms = parseSecondsAsMs(value);
        if (ms >= 0)
            total = (total < 0 ? 0 : total) + ms;
    });
    return total;
}

QByteArrayView stripQuery(QByteArrayView uri)
{
    const qsizetype query = uri.indexOf('?');
    return query < 0 ? uri : uri.first(query);
}

QByteArrayView requestPath(QByteArrayView request)
{
    const qsizetype space = request.indexOf(' ');
    if (space < 0)
        return request;
    QByteArrayView rest = request.sliced(space + 1);
    const qsizetype end = rest.indexOf(' ');
    if (end >= 0)
        rest = rest.first(end);
    return stripQuery(rest);
}

} // namespace gs::nginx
