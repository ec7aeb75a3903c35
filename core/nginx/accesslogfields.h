#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <optional>

// Decoders for single access-log values (views from an AccessLogRecord). Pure, allocation-free,
// and total: malformed input yields std::nullopt or -1, never undefined behaviour.
namespace gs::nginx {

// "21/Nov/2026:12:00:03 +0100" -> seconds since the Unix epoch (UTC).
std::optional<qint64> parseTimeLocal(QByteArrayView text);
// "2026-11-21T12:00:03+01:00" or "...Z" -> epoch seconds (UTC).
std::optional<qint64> parseTimeIso8601(QByteArrayView text);
// "1763726403.123" -> epoch seconds (fraction dropped).
std::optional<qint64> parseMsec(QByteArrayView text);
// Days since 1970-01-01 of a proleptic Gregorian date (month 1-12).
qint64 daysFromCivil(qint64 year, unsigned month, unsigned day);
// Epoch seconds of a civil date and time read as UTC; std::nullopt when a field is out of range.
std::optional<qint64>
epochFromCivil(int year, int month, int day, int hour, int minute, int second);
// "Jan".."Dec" (the first three bytes of text) -> 1-12; 0 when not a month.
int monthFromAbbreviation(QByteArrayView text);
// count decimal digits at text[at...] into value; false when one is not a digit or out of range.
bool parseDigits(QByteArrayView text, qsizetype at, qsizetype count, int &value);

// Three digits ("200", "009", "000") -> 0-999; anything else -> -1.
int parseStatus(QByteArrayView text);
// A duration in seconds with up to millisecond precision ("0.123", "12", "1.5") -> milliseconds;
// "-" or malformed -> -1.
qint64 parseSecondsAsMs(QByteArrayView text);
// The sum of every attempt of a multi-value upstream time ("0.010, 0.002 : 0.300"), skipping "-";
// -1 when no attempt has a time.
qint64 sumUpstreamMs(QByteArrayView text);
// The path of "$request" ("GET /a/b?x=1 HTTP/1.1" -> "/a/b"), without the query; the whole value
// when it has no method (garbage requests are logged as they came).
QByteArrayView requestPath(QByteArrayView request);
// The path of "$request_uri" without the query.
QByteArrayView stripQuery(QByteArrayView uri);

// Calls f(QByteArrayView value, bool newGroup) for each attempt of a multi-value upstream variable:
// attempts are joined by ", " (next server of the same group) and " : " (an internal redirect to
// another group, newGroup is true for the value after it).
template<typename F>
void forEachUpstreamValue(QByteArrayView text, F &&f)
{
    qsizetype start = 0;
    bool newGroup = false;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = text[i];
        if (c == ',' && i + 1 < n && text[i + 1] == ' ') {
            f(text.sliced(start, i - start), newGroup);
            newGroup = false;
            start = i + 2;
            i += 1;
        } else if (c == ' ' && i + 2 < n && text[i + 1] == ':' && text[i + 2] == ' ') {
            f(text.sliced(start, i - start), newGroup);
            newGroup = true;
            start = i + 3;
            i += 2;
        }
    }
    f(text.sliced(start), newGroup);
}

} // namespace gs::nginx
