#pragma once

#include "ssh/sshhandles.h"

#include <vector>

namespace gs::ssh {

// Session channels opened before they are needed. Opening a channel costs a round trip; a
// command that takes one already open saves it, which across a 100 ms link is a tenth of a second
// per round of a diagnosis (bench/roundtrips.sh). Non-blocking; used on its session's thread only.
class SpareChannels
{
public:
    static constexpr int kWanted = 2; // a diagnosis round runs two bundles (sudo and not)

    // Starts opening channels until kWanted are open or opening, using at most `room` more
    // (what the server still allows). Nothing after the server refused one.
    void fill(ssh_session session, int room);
    // Moves channels whose open the server confirmed to the ready ones; drops refused ones.
    void poll();
    // An open channel, or null when none is ready yet.
    ChannelPtr take();
    // Open and opening: channels the server counts against MaxSessions.
    int count() const { return int(m_ready.size() + m_opening.size()); }
    // Frees them all; call before the session that owns them goes.
    void clear();

private:
    std::vector<ChannelPtr> m_ready;
    std::vector<ChannelPtr> m_opening;
    bool m_refused = false;
};

} // namespace gs::ssh
