// process_watch: runs one command and measures it the same way whatever it is, for
// scripts/bench/compare-browser (the kiosk against a Chromium kiosk):
//   - peak PSS of the whole process tree: the sum of Pss in /proc/PID/smaps_rollup over every
//     descendant, sampled every 250 ms, the largest sum over the run;
//   - CPU seconds of the whole tree over the run: the command runs in a cgroup of its own, whose
//     CPU count (nanoseconds or microseconds) holds every process that ever lived in it, those
//     that exited included. Where no cgroup can be made (not root, no cgroup file system), the
//     sum of utime+stime of every descendant, each process's last value seen every 100 ms: that
//     reading counts in 10 ms ticks, cut down per process, and misses a process's last 100 ms;
//   - time to first complete frame: from launch until the X screen (an Xvfb -fbdir file) shows
//     a picture that is not (99 %) one flat colour and then stays the same for --stable-ms.
// This watcher is a child subreaper, so a process that double-forks away from its parent
// still comes back to this tree and is counted. A benchmark tool, not a test.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// [SECTION] The process tree

struct ProcStat {
    int pid = 0;
    int ppid = 0;
    long long cpu_ticks = 0;  // utime + stime
    long long start_time = 0; // tells a reused pid from the process that had it before
};

std::optional<ProcStat> read_stat(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(in, line))
        return std::nullopt;
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    auto close = line.rfind(')');
    if (close == std::string::npos)
        return std::nullopt;
    std::istringstream fields(line.substr(close + 2));
    std::vector<std::string> f;
    std::string field;
    while (fields >> field)
        f.push_back(field);
    // f[0] is field 3 (state) of proc(5): ppid is field 4, utime 14, stime 15, starttime 22.
    if (f.size() < 20)
        return std::nullopt;
    ProcStat s;
    s.pid = pid;
    s.ppid = std::atoi(f[1].c_str());
    s.cpu_ticks = std::atoll(f[11].c_str()) + std::atoll(f[12].c_str());
    s.start_time = std::atoll(f[19].c_str());
    return s;
}

// Every process below `root` (not root itself), from one pass over /proc.
std::vector<ProcStat> descendants(int root)
{
    std::vector<ProcStat> all;
    for (auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        if (auto s = read_stat(std::atoi(name.c_str())))
            all.push_back(*s);
    }
    std::set<int> in_tree{root};
    std::vector<ProcStat> tree;
    // Parents may come after children in /proc order: repeat until nothing more joins.
    for (bool grew = true; grew;) {
        grew = false;
        for (auto& s : all)
            if (!in_tree.count(s.pid) && in_tree.count(s.ppid)) {
                in_tree.insert(s.pid);
                tree.push_back(s);
                grew = true;
            }
    }
    return tree;
}

long long pss_kb(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string key;
    long long value = 0;
    while (in >> key) {
        if (key == "Pss:") {
            in >> value;
            return value;
        }
        in.ignore(1 << 20, '\n');
    }
    return 0; // gone, or a zombie: it holds no memory any more
}

// [SECTION] The CPU count

// A cgroup the command is started in, so the CPU of everything it ever runs is counted by the
// kernel to the nanosecond, not summed from per-process tick counts sampled from outside.
// cgroup v2 (cpu.stat's usage_usec, present in every group) where it is mounted, else v1's
// cpuacct (cpuacct.usage, in ns).
class CpuGroup {
public:
    static std::optional<CpuGroup> make()
    {
        std::ifstream mounts("/proc/self/mounts");
        std::string device, where, type, rest;
        std::string v2, v1;
        while (mounts >> device >> where >> type && std::getline(mounts, rest)) {
            if (type == "cgroup2" && v2.empty())
                v2 = where;
            else if (type == "cgroup" && v1.empty() && rest.find("cpuacct") != std::string::npos)
                v1 = where;
        }
        const std::string name = "/process_watch." + std::to_string(::getpid());
        if (!v2.empty() && ::mkdir((v2 + name).c_str(), 0755) == 0)
            return CpuGroup(v2 + name, "cpu.stat", "cgroup2");
        if (!v1.empty() && ::mkdir((v1 + name).c_str(), 0755) == 0)
            return CpuGroup(v1 + name, "cpuacct.usage", "cgroup-v1-cpuacct");
        return std::nullopt;
    }

    // Called in the forked child before exec: everything it starts from now on is counted.
    bool join() const
    {
        int fd = ::open((m_path + "/cgroup.procs").c_str(), O_WRONLY);
        if (fd < 0)
            return false;
        bool ok = ::write(fd, "0", 1) == 1;
        ::close(fd);
        return ok;
    }

    std::optional<double> seconds() const
    {
        std::ifstream in(m_path + "/" + m_file);
        if (m_file == "cpuacct.usage") {
            long long ns = -1;
            if (in >> ns && ns >= 0)
                return double(ns) / 1e9;
            return std::nullopt;
        }
        std::string key;
        long long value = 0;
        while (in >> key >> value)
            if (key == "usage_usec")
                return double(value) / 1e6;
        return std::nullopt;
    }

    const char* kind() const { return m_kind; }

    // Only once every process in it has gone.
    void remove() const { ::rmdir(m_path.c_str()); }

private:
    CpuGroup(std::string path, std::string file, const char* kind)
        : m_path(std::move(path)), m_file(std::move(file)), m_kind(kind)
    {
    }
    std::string m_path, m_file;
    const char* m_kind;
};

// [SECTION] The screen

// An Xvfb -fbdir screen file: an XWD image that Xvfb keeps up to date in place.
class Screen {
public:
    static std::optional<Screen> open(const std::string& path)
    {
        int fd = ::open(path.c_str(), O_RDONLY);
        if (fd < 0)
            return std::nullopt;
        struct stat st {};
        ::fstat(fd, &st);
        void* map = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_SHARED, fd, 0);
        ::close(fd);
        if (map == MAP_FAILED || st.st_size < 100)
            return std::nullopt;
        Screen s;
        s.m_file = static_cast<const unsigned char*>(map);
        s.m_file_size = static_cast<std::size_t>(st.st_size);
        auto card32 = [&](int index) { // XWD headers are big-endian CARD32s
            const unsigned char* p = s.m_file + 4 * index;
            return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
        };
        s.m_width = card32(4);
        s.m_height = card32(5);
        s.m_bits_per_pixel = card32(11);
        s.m_bytes_per_line = card32(12);
        std::size_t pixel_bytes = std::size_t(s.m_bytes_per_line) * s.m_height;
        if (s.m_bits_per_pixel != 32 || pixel_bytes > s.m_file_size)
            return std::nullopt;
        s.m_pixels = s.m_file + (s.m_file_size - pixel_bytes); // the pixels close the file
        return s;
    }

    std::vector<std::uint32_t> copy() const
    {
        std::vector<std::uint32_t> out(std::size_t(m_width) * m_height);
        for (std::uint32_t y = 0; y < m_height; ++y)
            std::memcpy(out.data() + std::size_t(y) * m_width, m_pixels + std::size_t(y) * m_bytes_per_line, m_width * 4);
        return out;
    }

    std::uint32_t width() const { return m_width; }
    std::uint32_t height() const { return m_height; }

private:
    const unsigned char* m_file = nullptr;
    std::size_t m_file_size = 0;
    const unsigned char* m_pixels = nullptr;
    std::uint32_t m_width = 0, m_height = 0, m_bits_per_pixel = 0, m_bytes_per_line = 0;
};

double fraction_differing(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b)
{
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        differ += (a[i] & 0xffffff) != (b[i] & 0xffffff);
    return double(differ) / double(a.size());
}

// A blank window, an empty root or a page not painted yet is one colour give or take a few
// thousand pixels (the pointer, a window's 1-pixel border): not a frame anyone would call
// complete. Any page with content covers more than 1 % of the screen with something else.
bool is_flat(const std::vector<std::uint32_t>& pixels)
{
    std::map<std::uint32_t, int> sampled;
    for (std::size_t i = 0; i < pixels.size(); i += 101)
        ++sampled[pixels[i] & 0xffffff];
    auto most = std::max_element(sampled.begin(), sampled.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
    std::size_t same = 0;
    for (auto p : pixels)
        same += (p & 0xffffff) == most;
    return double(same) / double(pixels.size()) > 0.99;
}

void save_ppm(const std::vector<std::uint32_t>& pixels, std::uint32_t w, std::uint32_t h, const std::string& path)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f)
        return;
    std::fprintf(f, "P6\n%u %u\n255\n", w, h);
    for (auto p : pixels) {
        unsigned char rgb[3] = {static_cast<unsigned char>(p >> 16), static_cast<unsigned char>(p >> 8), static_cast<unsigned char>(p)};
        std::fwrite(rgb, 1, 3, f);
    }
    std::fclose(f);
}

// Finds the first complete frame: the first picture that is not flat and then stays within
// `tolerance` (a fraction of pixels, so a clock ticking over a minute is not a new picture)
// for `stable` seconds. Its time is when that picture first appeared.
class FrameWatch {
public:
    FrameWatch(Screen screen, double stable, double tolerance) : m_screen(screen), m_stable(stable), m_tolerance(tolerance) {}

    void poll(double now)
    {
        if (m_found)
            return;
        auto pixels = m_screen.copy();
        if (!m_candidate.empty() && fraction_differing(pixels, m_candidate) <= m_tolerance) {
            if (now - m_candidate_at >= m_stable)
                m_found = m_candidate_at;
            return;
        }
        m_candidate.clear();
        if (!is_flat(pixels)) {
            m_candidate = std::move(pixels);
            m_candidate_at = now;
        }
    }

    std::optional<double> found() const { return m_found; }
    void save(const std::string& path) const
    {
        if (m_found)
            save_ppm(m_candidate, m_screen.width(), m_screen.height(), path);
    }

private:
    Screen m_screen;
    double m_stable;
    double m_tolerance;
    std::vector<std::uint32_t> m_candidate;
    double m_candidate_at = 0;
    std::optional<double> m_found;
};

// [SECTION] Main

int usage()
{
    std::fprintf(stderr, "usage: process_watch [--seconds S] [--screen XVFB_SCREEN_FILE] [--stable-ms MS] [--save-frame FILE.ppm] -- COMMAND [ARGS...]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    double seconds = 60, stable = 1.0;
    std::string screen_path, save_path;
    int i = 1;
    for (; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--")
            break;
        if (i + 1 >= argc)
            return usage();
        if (a == "--seconds")
            seconds = std::atof(argv[++i]);
        else if (a == "--screen")
            screen_path = argv[++i];
        else if (a == "--stable-ms")
            stable = std::atof(argv[++i]) / 1000.0;
        else if (a == "--save-frame")
            save_path = argv[++i];
        else
            return usage();
    }
    if (i + 1 >= argc)
        return usage();
    char** command = argv + i + 1;

    std::optional<FrameWatch> frames;
    if (!screen_path.empty()) {
        auto screen = Screen::open(screen_path);
        if (!screen) {
            std::fprintf(stderr, "process_watch: %s is not a 32-bit XWD screen file (start Xvfb with -fbdir)\n", screen_path.c_str());
            return 1;
        }
        frames.emplace(*screen, stable, 0.005);
    }

    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
    const int self = ::getpid();
    auto group = CpuGroup::make();
    auto launched = Clock::now();
    pid_t root = ::fork();
    if (root == 0) {
        ::setpgid(0, 0);
        if (group && !group->join()) {
            std::fprintf(stderr, "process_watch: cannot join the CPU-counting cgroup: %s\n", std::strerror(errno));
            ::_exit(126);
        }
        ::execvp(command[0], command);
        std::fprintf(stderr, "process_watch: cannot run %s: %s\n", command[0], std::strerror(errno));
        ::_exit(127);
    }
    ::setpgid(root, root);

    std::map<std::pair<int, long long>, long long> cpu_ticks; // (pid, start time) -> last seen utime+stime
    long long peak_pss = 0;
    std::size_t peak_processes = 0, processes_seen = 0;
    bool root_exited = false;
    int root_status = 0;
    auto sample = [&](bool with_memory) {
        auto tree = descendants(self);
        long long pss = 0;
        for (auto& p : tree) {
            cpu_ticks[{p.pid, p.start_time}] = p.cpu_ticks;
            if (with_memory)
                pss += pss_kb(p.pid);
        }
        processes_seen = cpu_ticks.size();
        peak_processes = std::max(peak_processes, tree.size());
        if (with_memory)
            peak_pss = std::max(peak_pss, pss);
        // Orphans that came back to this subreaper: read above while still zombies, now gone.
        for (int status = 0;;) {
            pid_t gone = ::waitpid(-1, &status, WNOHANG);
            if (gone <= 0)
                break;
            if (gone == root) {
                root_exited = true;
                root_status = status;
            }
        }
    };
    auto total_cpu_seconds = [&] {
        long long t = 0;
        for (auto& [key, ticks] : cpu_ticks)
            t += ticks;
        return double(t) / double(ticks_per_second);
    };

    double next_cpu = 0, next_memory = 0;
    for (double now = 0; now < seconds && !root_exited; now = seconds_since(launched)) {
        if (now >= next_cpu) {
            bool memory = now >= next_memory;
            sample(memory);
            next_cpu = now + 0.1;
            if (memory)
                next_memory = now + 0.25;
        }
        if (frames)
            frames->poll(now);
        std::this_thread::sleep_for(std::chrono::milliseconds(frames && !frames->found() ? 20 : 50));
    }
    sample(true);
    const double cpu_ticks_seconds = total_cpu_seconds();
    const auto cpu_counted = group ? group->seconds() : std::nullopt;
    double ran = seconds_since(launched);

    // Stop the whole tree: politely, then not.
    ::kill(-root, SIGTERM);
    ::kill(root, SIGTERM);
    for (int waited = 0; waited < 100 && !descendants(self).empty(); ++waited) {
        while (::waitpid(-1, nullptr, WNOHANG) > 0) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (auto& p : descendants(self))
        ::kill(p.pid, SIGKILL);
    while (::waitpid(-1, nullptr, 0) > 0) {
    }
    if (group)
        group->remove();

    if (frames && !save_path.empty())
        frames->save(save_path);
    std::printf("seconds=%.1f\n", ran);
    std::printf("peak_pss_kb=%lld\n", peak_pss);
    // The cgroup's count when there is one; the per-process ticks beside it, to compare.
    std::printf("cpu_seconds=%.3f\n", cpu_counted ? *cpu_counted : cpu_ticks_seconds);
    std::printf("cpu_source=%s\n", cpu_counted ? group->kind() : "proc-ticks");
    std::printf("cpu_seconds_ticks=%.2f\n", cpu_ticks_seconds);
    std::printf("processes_peak=%zu\n", peak_processes);
    std::printf("processes_seen=%zu\n", processes_seen);
    if (frames) {
        if (frames->found())
            std::printf("first_frame_ms=%.0f\n", *frames->found() * 1000.0);
        else
            std::printf("first_frame_ms=none\n");
    }
    if (root_exited) {
        std::fprintf(stderr, "process_watch: %s exited after %.1f s (status %d), before the %.0f s were up\n", command[0], ran, root_status, seconds);
        return 1;
    }
    return 0;
}
