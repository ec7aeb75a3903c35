// Writes a synthetic nginx "combined" access log of a given size for the benchmarks: realistic
// line lengths and field variety, 24 hours of traffic ending now, about 2 % 502/504. Never
// committed: bench/errors-vs-goaccess.sh generates it on the fly.
//
// Usage: genaccesslog SIZE_MB OUTPUT_FILE

#include <QtGlobal>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

namespace {

const char *const kMonths[]
        = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char *const kPaths[] = {"/",
                              "/index.php",
                              "/api/cart",
                              "/api/products?page=2&sort=price",
                              "/static/js/app.3f9a1c.js",
                              "/static/css/site.css",
                              "/checkout",
                              "/wp-login.php",
                              "/images/banner-summer-sale-2026.webp",
                              "/api/search?q=running+shoes&size=42"};
const char *const kAgents[] = {
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 "
        "Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
        "Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
        "curl/7.88.1",
        "Googlebot/2.1 (+http://www.google.com/bot.html)"};
const char *const kReferers[] = {"-", "https://shop.example.com/", "https://www.google.com/"};

quint64 g_state = 0x9E3779B97F4A7C15ull;

quint32 next()
{
    // xorshift64*: fast and good enough to vary fields.
    g_state ^= g_state >> 12;
    g_state ^= g_state << 25;
    g_state ^= g_state >> 27;
    return static_cast<quint32>((g_state * 2685821657736338717ull) >> 32);
}

int statusFor(quint32 r)
{
    const quint32 p = r % 1000;
    if (p < 880)
        return 200;
    if (p < 930)
        return 304;
    if (p < 960)
        return 404;
    if (p < 965)
        return 499;
    if (p < 985)
        return 502;
    if (p < 995)
        return 504;
    return 500;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s SIZE_MB OUTPUT_FILE\n", argv[0]);
        return 64;
    }
    const long long target = std::atoll(argv[1]) * 1024LL * 1024LL;
    std::FILE *out = std::fopen(argv[2], "wb");
    if (!out || target <= 0) {
        std::fprintf(stderr, "cannot write %s\n", argv[2]);
        return 1;
    }
    // Time advances with the bytes written, so the log spans exactly the 24 hours before now
    // whatever the line lengths.
    const std::time_t end = std::time(nullptr);
    const std::time_t start = end - 86400;
    std::vector<char> buffer(1 << 20);
    std::size_t used = 0;
    long long written = 0;
    char timeText[40] = {};
    std::time_t lastSecond = -1;
    while (written < target) {
        const std::time_t t = start + static_cast<std::time_t>(written * 86400 / target);
        if (t != lastSecond) {
            // Local time of a server at +0100.
            const std::time_t shifted = t + 3600;
            std::tm tm{};
            gmtime_r(&shifted, &tm);
            std::snprintf(timeText,
                          sizeof timeText,
                          "%02d/%s/%04d:%02d:%02d:%02d +0100",
                          tm.tm_mday,
                          kMonths[tm.tm_mon],
                          tm.tm_year + 1900,
                          tm.tm_hour,
                          tm.tm_min,
                          tm.tm_sec);
            lastSecond = t;
        }
        const quint32 r = next();
        const int status = statusFor(r);
        const int n = std::snprintf(buffer.data() + used,
                                    buffer.size() - used,
                                    "%u.%u.%u.%u - - [%s] \"%s %s HTTP/1.1\" %d %u \"%s\" \"%s\"\n",
                                    10 + (r >> 24) % 200,
                                    (r >> 16) & 255,
                                    (r >> 8) & 255,
                                    r & 255,
                                    timeText,
                                    (r >> 7) % 10 == 0 ? "POST" : "GET",
                                    kPaths[(r >> 3) % 10],
                                    status,
                                    status == 200 ? 500 + (r >> 11) % 90000 : 157,
                                    kReferers[(r >> 13) % 3],
                                    kAgents[(r >> 17) % 4]);
        used += static_cast<std::size_t>(n);
        written += n;
        if (buffer.size() - used < 1024) {
            std::fwrite(buffer.data(), 1, used, out);
            used = 0;
        }
    }
    std::fwrite(buffer.data(), 1, used, out);
    return std::fclose(out) == 0 ? 0 : 1;
}
