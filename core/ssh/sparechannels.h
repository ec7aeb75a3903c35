#pragma once

#include "ssh/sshhandles.h"

#include <QElapsedTimer>

#include <vector>

namespace gs::ssh {

// Session channels opened before they are needed. Opening a channel costs a round trip; a
// command that takes one already open saves it, which across a 100 ms link is a tenth of a second
// per round of a diagnosis (bench/roundtrips.sh). They hold server sessions (MaxSessions), so
// commands always take them before opening their own, and old ones are let go (a server may
// close idle channels). Used on its session's thread only.
class SpareChannels
{
public:
    // A diagnosis's host round sends four commands at once: two for what the last round is
    // planned from (sudo and not) and two for the rest.
    static constexpr int kWanted = 4;
    static constexpr int kMaxAgeMs = 15000;

    struct Taken
    {
        ChannelPtr channel; // null: no spare
        bool open = false;  // false: its open is still under way (ssh_channel_open_session goes on)
    };

    // Starts opening channels until kWanted are open or opening, using at most `room` more
    // (what the server still allows). Call with the session non-blocking. Nothing after the
    // server refused one.
    void fill(ssh_session session, int room);
    // A spare, open or still opening; the newest first. Expired and closed ones are let go.
    Taken take();
    // Lets go of open spares older than kMaxAgeMs (an idle connection holds no sessions long).
    void prune();
    // Open and opening: channels the server counts against MaxSessions.
    int count() const { return int(m_ready.size() + m_opening.size()); }
    // Frees them all; call before the session that owns them goes.
    void clear();

private:
    struct Spare
    {
        ChannelPtr channel;
        QElapsedTimer age;
    };
    // Moves channels whose open the server confirmed to the ready ones; drops refused ones.
    void poll();

    std::vector<Spare> m_ready;
    std::vector<Spare> m_opening;
    bool m_refused = false;
};

} // namespace gs::ssh
