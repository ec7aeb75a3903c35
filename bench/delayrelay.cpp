// delayrelay: a TCP relay on loopback that adds a fixed round-trip time, so that a diagnosis over
// it shows how many round trips it waits for (wall time / RTT), as across a real WAN link.
//
//   delayrelay LISTEN_PORT TARGET_PORT RTT_MS
//
// Listens on 127.0.0.1:LISTEN_PORT and forwards each connection to 127.0.0.1:TARGET_PORT. Every
// chunk read is written on after RTT/2 in its direction, in order, so bandwidth is not limited
// and only latency is added. Runs until killed. Loopback only, by design (the lab's rule).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Chunk
{
    Clock::time_point due;
    std::vector<char> bytes; // empty: the source closed
};

// One direction of one connection: a reader stamps chunks, a writer sends them when due.
class Pipe
{
public:
    Pipe(int from, int to, std::chrono::microseconds delay)
        : m_from(from)
        , m_to(to)
        , m_delay(delay)
    {}

    void run()
    {
        std::thread writer([this] { write(); });
        read();
        writer.join();
    }

private:
    void read()
    {
        std::vector<char> buffer(64 * 1024);
        for (;;) {
            const ssize_t n = ::recv(m_from, buffer.data(), buffer.size(), 0);
            Chunk chunk{Clock::now() + m_delay, {}};
            if (n > 0)
                chunk.bytes.assign(buffer.begin(), buffer.begin() + n);
            {
                const std::lock_guard<std::mutex> lock(m_mutex);
                m_queue.push_back(std::move(chunk));
            }
            m_ready.notify_one();
            if (n <= 0)
                return;
        }
    }

    void write()
    {
        for (;;) {
            Chunk chunk;
            {
                std::unique_lock<std::mutex> lock(m_mutex);
                m_ready.wait(lock, [this] { return !m_queue.empty(); });
                chunk = std::move(m_queue.front());
                m_queue.pop_front();
            }
            std::this_thread::sleep_until(chunk.due);
            if (chunk.bytes.empty()) {
                ::shutdown(m_to, SHUT_WR);
                return;
            }
            size_t sent = 0;
            while (sent < chunk.bytes.size()) {
                const ssize_t n = ::send(
                        m_to, chunk.bytes.data() + sent, chunk.bytes.size() - sent, MSG_NOSIGNAL);
                if (n <= 0) {
                    ::shutdown(m_from, SHUT_RD); // the other side is gone: stop reading too
                    return;
                }
                sent += size_t(n);
            }
        }
    }

    int m_from;
    int m_to;
    std::chrono::microseconds m_delay;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Chunk> m_queue;
};

int connectTo(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

void noDelay(int fd)
{
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

void relay(int client, int targetPort, std::chrono::microseconds oneWay)
{
    const int server = connectTo(targetPort);
    if (server < 0) {
        ::close(client);
        return;
    }
    noDelay(client);
    noDelay(server);
    Pipe up(client, server, oneWay);
    Pipe down(server, client, oneWay);
    std::thread upThread([&up] { up.run(); });
    down.run();
    upThread.join();
    ::close(client);
    ::close(server);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: delayrelay LISTEN_PORT TARGET_PORT RTT_MS\n");
        return 2;
    }
    const int listenPort = std::atoi(argv[1]);
    const int targetPort = std::atoi(argv[2]);
    const auto oneWay = std::chrono::microseconds(std::atoi(argv[3]) * 500);
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(listenPort));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(listener, 64) != 0) {
        std::perror("delayrelay: listen");
        return 1;
    }
    for (;;) {
        const int client = ::accept(listener, nullptr, nullptr);
        if (client < 0)
            continue;
        std::thread(relay, client, targetPort, oneWay).detach();
    }
}
