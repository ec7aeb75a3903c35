#include "ssh/sparechannels.h"

namespace gs::ssh {

void SpareChannels::fill(ssh_session session, int room)
{
    while (!m_refused && count() < kWanted && room-- > 0) {
        Spare spare{ChannelPtr(ssh_channel_new(session)), {}};
        if (!spare.channel)
            return;
        spare.age.start();
        // Sends the request; the answer is read by whatever runs next on the session.
        const int rc = ssh_channel_open_session(spare.channel.get());
        if (rc == SSH_OK)
            m_ready.push_back(std::move(spare));
        else if (rc == SSH_AGAIN)
            m_opening.push_back(std::move(spare));
        else
            m_refused = true;
    }
}

void SpareChannels::poll()
{
    for (auto it = m_opening.begin(); it != m_opening.end();) {
        const int rc = ssh_channel_open_session(it->channel.get());
        if (rc == SSH_AGAIN) {
            ++it;
            continue;
        }
        // A refusal (the server's MaxSessions) stops the spares; commands open their own.
        if (rc == SSH_OK)
            m_ready.push_back(std::move(*it));
        else
            m_refused = true;
        it = m_opening.erase(it);
    }
}

SpareChannels::Taken SpareChannels::take()
{
    poll();
    prune();
    if (!m_ready.empty()) {
        Taken taken{std::move(m_ready.back().channel), true};
        m_ready.pop_back();
        return taken;
    }
    if (!m_opening.empty()) {
        Taken taken{std::move(m_opening.back().channel), false};
        m_opening.pop_back();
        return taken;
    }
    return {};
}

void SpareChannels::prune()
{
    // A spare that waited long may have been closed by the server (sshd's ChannelTimeout): let
    // it go rather than send a command into it.
    std::erase_if(m_ready, [](const Spare &spare) {
        return spare.age.hasExpired(kMaxAgeMs) || !ssh_channel_is_open(spare.channel.get());
    });
}

void SpareChannels::clear()
{
    m_ready.clear();
    m_opening.clear();
    m_refused = false;
}

} // namespace gs::ssh
