#include "kiosk/app/service.h"

#include "kiosk/app/kiosk_app.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>
#include <thread>
#include <unistd.h>

namespace coi::app {

void notify_ready() { sd_notify(0, "READY=1\nSTATUS=showing signage"); }

void notify_stopping() { sd_notify(0, "STOPPING=1"); }

void notify_watchdog()
{
    static auto last = std::chrono::steady_clock::time_point{};
    auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::seconds(1))
        return;
    last = now;
    sd_notify(0, "WATCHDOG=1");
}

int watchdog_interval_ms()
{
    static const int interval = [] {
        uint64_t usec = 0;
        if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
            return 0;
        return static_cast<int>(std::max<uint64_t>(usec / 2000, 1));
    }();
    return interval;
}

bool run_command(const std::vector<std::string>& argv, int timeout_seconds)
{
    std::string shown;
    for (auto& a : argv)
        shown += (shown.empty() ? "" : " ") + a;
    if (argv.empty() || argv[0].empty() || argv[0][0] != '/') {
        log_line("warning", "not running \"" + shown + "\": the command must start with an absolute path");
        return false;
    }
    std::vector<char*> args;
    for (auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t child = fork();
    if (child < 0) {
        log_line("warning", "cannot run " + shown + ": " + std::strerror(errno));
        return false;
    }
    if (child == 0) {
        // The child: no stdin, a fresh signal mask, then the command itself (no shell).
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, STDIN_FILENO);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    log_line("info", "running " + shown);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    int status = 0;
    for (;;) {
        pid_t done = waitpid(child, &status, WNOHANG);
        if (done == child)
            break;
        if (done < 0 && errno != EINTR) {
            log_line("warning", shown + ": " + std::strerror(errno));
            return false;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            log_line("warning", shown + ": still running after " + std::to_string(timeout_seconds) + " s; stopped it");
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return true;
    if (WIFEXITED(status))
        log_line("warning", shown + ": exited with status " + std::to_string(WEXITSTATUS(status))
                                + (WEXITSTATUS(status) == 127 ? " (could not run it)" : ""));
    else
        log_line("warning", shown + ": ended by signal " + std::to_string(WTERMSIG(status)));
    return false;
}

core::ClockSync system_clock_sync(const std::filesystem::path& timesync_dir)
{
    std::error_code ec;
    if (std::filesystem::exists(timesync_dir / "synchronized", ec))
        return core::ClockSync::Synchronised;
    if (std::filesystem::is_directory(timesync_dir, ec))
        return core::ClockSync::NotYet;
    return core::ClockSync::Unknown;
}

} // namespace coi::app
