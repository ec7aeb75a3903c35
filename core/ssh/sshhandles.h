#pragma once

#include <libssh/libssh.h>

#include <memory>

// RAII owners for libssh handles. Private to core: the public headers never expose libssh types.
namespace gs::ssh {

struct SessionDeleter
{
    void operator()(ssh_session session) const
    {
        if (ssh_is_connected(session))
            ssh_disconnect(session);
        ssh_free(session);
    }
};
struct ChannelDeleter
{
    void operator()(ssh_channel channel) const
    {
        // ssh_channel_free also closes an open channel; freeing after the session died is fine.
        ssh_channel_free(channel);
    }
};
struct KeyDeleter
{
    void operator()(ssh_key key) const { ssh_key_free(key); }
};
struct CharDeleter
{
    void operator()(char *text) const { ssh_string_free_char(text); }
};
struct HashDeleter
{
    void operator()(unsigned char *hash) const { ssh_clean_pubkey_hash(&hash); }
};

using SessionPtr = std::unique_ptr<ssh_session_struct, SessionDeleter>;
using ChannelPtr = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using KeyPtr = std::unique_ptr<ssh_key_struct, KeyDeleter>;
using CharPtr = std::unique_ptr<char, CharDeleter>;
using HashPtr = std::unique_ptr<unsigned char, HashDeleter>;

} // namespace gs::ssh
