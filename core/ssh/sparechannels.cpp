#include "ssh/sparechannels.h"

namespace gs::ssh {

void SpareChannels::fill(ssh_session session, int room)
{
    while (!m_refused && count() < kWanted && room-- > 0) {
        ChannelPtr channel(ssh_channel_new(session));
        if (!channel)
            return;
        // Sends the request; the answer is read by whatever runs next on the session.
        const int rc = ssh_channel_open_session(channel.get());
        if (rc == SSH_OK)
            m_ready.push_back(std::move(channel));
        else if (rc == SSH_AGAIN)
            m_opening.push_back(std::move(channel));
        else
            m_refused = true;
    }
}

void SpareChannels::poll()
{
    for (auto it = m_opening.begin(); it != m_opening.end();) {
        const int rc = ssh_channel_open_session(it->get());
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

ChannelPtr SpareChannels::take()
{
    poll();
    if (m_ready.empty())
        return nullptr;
    ChannelPtr channel = std::move(m_ready.back());
    m_ready.pop_back();
    return channel;
}

void SpareChannels::clear()
{
    m_ready.clear();
    m_opening.clear();
    m_refused = false;
}

} // namespace gs::ssh
