// kiosk.service's promises, with the real kiosk binary and a stand-in for systemd's notify
// socket: READY=1 once the first frame is up, WATCHDOG=1 from the frame loop however idle it
// is (blank all night included, WatchdogSec=30 in the unit), STOPPING=1 and exit 0 on SIGTERM.
#include "kiosk_fixture.h"
#include "kiosk/app/service.h"

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <thread>

using namespace coi;
using namespace coi::testing;
using Clock = std::chrono::steady_clock;

namespace {

std::string read_text(const std::filesystem::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A datagram socket like the one systemd gives a Type=notify service in $NOTIFY_SOCKET.
class NotifySocket {
public:
    explicit NotifySocket(const std::filesystem::path& path) : m_path(path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
        m_bound = m_fd >= 0 && ::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool bound() const { return m_bound; }
    // The next message, or empty after timeout_ms.
    std::string receive(int timeout_ms)
    {
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0)
            return {};
        char buffer[4096];
        auto n = ::recv(m_fd, buffer, sizeof buffer, 0);
        return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
    }

private:
    std::filesystem::path m_path;
    int m_fd = -1;
    bool m_bound = false;
};

// The weekday, as the feed writes it, a few days from now: a building open only then is closed today.
std::string weekday_in_days(int days)
{
    static const char* names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    std::time_t then = std::time(nullptr) + days * 86400;
    std::tm utc{};
    gmtime_r(&then, &utc);
    return names[utc.tm_wday];
}

} // namespace

TEST(Service, TellsSystemdItIsReadyAndAliveWhileBlankAndStopsCleanly)
{
    auto dir = fresh_data_dir("service");
    auto feed = sample_json();
    feed["site"]["opening_hours"] = nlohmann::json::array({{{"day", weekday_in_days(3)}, {"open", "09:00"}, {"close", "10:00"}}});
    install_content(dir, feed);
    std::ofstream(dir / "kiosk.toml") << "[kiosk]\nread_aloud = false\n[display]\nblank_when_closed = true\n"
                                      << "off_command = [\"/bin/sh\", \"-c\", \"echo off >> \\\"$0\\\"\", \"" << (dir / "power.log").string() << "\"]\n";
    NotifySocket notify(dir / "notify.sock");
    ASSERT_TRUE(notify.bound());

    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        std::string socket = "NOTIFY_SOCKET=" + (dir / "notify.sock").string();
        std::string out = (dir / "kiosk.log").string();
        freopen(out.c_str(), "w", stdout);
        // WatchdogSec=4: the loop must ping at least every 2 s however long it could sleep.
        char* env[] = {socket.data(), const_cast<char*>("WATCHDOG_USEC=4000000"), const_cast<char*>("SDL_VIDEODRIVER=dummy"),
                       const_cast<char*>("SDL_AUDIODRIVER=dummy"), nullptr};
        std::string config = (dir / "kiosk.toml").string(), data = dir.string();
        execle(COI_KIOSK_BINARY, COI_KIOSK_BINARY, "--config", config.c_str(), "--data", data.c_str(), "--size", "640x480", nullptr, env);
        _exit(127);
    }

    // READY=1 comes first, with the first frame.
    std::string first = notify.receive(60000);
    EXPECT_NE(first.find("READY=1"), std::string::npos) << first;
    // Then the building is closed: the screen goes blank, the off command runs.
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (read_text(dir / "kiosk.log").find("closed: blanking the screen") == std::string::npos && Clock::now() < deadline)
        notify.receive(200);
    ASSERT_NE(read_text(dir / "kiosk.log").find("closed: blanking the screen"), std::string::npos) << read_text(dir / "kiosk.log");

    // Blank and idle, with nothing to draw until the building opens in days: still pinging.
    std::vector<Clock::time_point> pings;
    auto watch_until = Clock::now() + std::chrono::seconds(7);
    while (Clock::now() < watch_until) {
        std::string message = notify.receive(500);
        if (message.find("WATCHDOG=1") != std::string::npos)
            pings.push_back(Clock::now());
    }
    ASSERT_GE(pings.size(), 3u) << "WATCHDOG=1 while blank";
    for (std::size_t i = 1; i < pings.size(); ++i)
        EXPECT_LT(pings[i] - pings[i - 1], std::chrono::seconds(4)) << "a gap of WatchdogSec: systemd would have killed it";
    EXPECT_EQ(read_text(dir / "power.log"), "off\n") << "the off command once, not every pass";

    ::kill(child, SIGTERM);
    bool stopping = false;
    for (int i = 0; i < 20 && !stopping; ++i)
        stopping = notify.receive(500).find("STOPPING=1") != std::string::npos;
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(stopping);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
    std::string log = read_text(dir / "kiosk.log");
    EXPECT_NE(log.find("<6>kiosk: info: stopped by the service manager"), std::string::npos) << log;
}

// systemd-timesyncd keeps its state in /run/systemd/timesync: the kiosk reads it to know
// whether its clock may erase names and sign people out.
TEST(Service, ReadsWhetherSystemdTimesyncdHasSetTheClock)
{
    auto dir = fresh_data_dir("timesync");
    EXPECT_EQ(app::system_clock_sync(dir / "absent"), core::ClockSync::Unknown) << "no time-sync service to ask";
    std::filesystem::create_directories(dir / "timesync");
    EXPECT_EQ(app::system_clock_sync(dir / "timesync"), core::ClockSync::NotYet);
    std::ofstream(dir / "timesync" / "synchronized").put('\n');
    EXPECT_EQ(app::system_clock_sync(dir / "timesync"), core::ClockSync::Synchronised);
}
