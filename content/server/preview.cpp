#include "preview.h"

#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "feed_levels.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace coi::server {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kKeptPictures = 64; // every role and page of a few buildings
constexpr auto kPollEvery = std::chrono::milliseconds(50);

bool write_bytes(const fs::path& path, const std::string& bytes)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
}

std::string read_bytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// The last line the kiosk wrote, for a message a coordinator can pass on.
std::string last_line(const std::string& log)
{
    auto end = log.find_last_not_of("\n ");
    if (end == std::string::npos)
        return {};
    auto start = log.rfind('\n', end);
    return log.substr(start == std::string::npos ? 0 : start + 1, end + 1 - (start == std::string::npos ? 0 : start + 1));
}

// A scratch folder removed whatever happens.
struct ScratchFolder {
    fs::path path;
    ~ScratchFolder()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

std::atomic<int> g_scratch_counter{0};

// "preview-<pid>-<n>" of a process that no longer runs: ScratchFolder removes its folder
// whatever the kiosk does, but not when the server itself is killed mid-drawing. A folder of
// a server still running (another one on the same data folder) is left to it.
void remove_stale_scratch(const fs::path& scratch)
{
    std::error_code ec;
    for (auto it = fs::directory_iterator(scratch, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        auto name = it->path().filename().string();
        if (name.rfind("preview-", 0) != 0 || !it->is_directory(ec))
            continue;
        long pid = std::strtol(name.c_str() + 8, nullptr, 10);
        bool running = pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM);
        if (pid == ::getpid() || !running) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
    }
}

} // namespace

Previewer::Previewer(std::string kiosk_binary, std::string scratch_dir, PreviewLimits limits)
    : m_kiosk(std::move(kiosk_binary)), m_scratch(std::move(scratch_dir)), m_limits(limits)
{
    if (!m_scratch.empty())
        remove_stale_scratch(m_scratch);
}

bool Previewer::available() const
{
    return !m_kiosk.empty() && ::access(m_kiosk.c_str(), X_OK) == 0;
}

PreviewPicture Previewer::no_kiosk() const
{
    return {nullptr, PreviewRefusal::NoKiosk,
        m_kiosk.empty() ? "no kiosk program is set for previews: set [preview] kiosk_binary in the server's config"
                        : "no kiosk program at " + m_kiosk + ": install the kiosk package or fix [preview] kiosk_binary"};
}

int Previewer::drawings() const
{
    std::lock_guard lock(m_mutex);
    return m_drawings;
}

PreviewPicture Previewer::draw(FeedCache& feeds, Repository& repository, const PreviewRequest& request)
{
    if (!available())
        return no_kiosk();
    // The feed's version names the picture: the same content is drawn once.
    auto signed_feed = feeds.feed_for(request.site_id, request.role);
    if (!signed_feed)
        return {nullptr, PreviewRefusal::None, signed_feed.failure().message};
    Key key{request.site_id, request.role, request.page, request.width, request.height, (*signed_feed)->version};
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_cache.find(key); it != m_cache.end())
            return {it->second, PreviewRefusal::None, {}};
    }
    // One kiosk at a time: drawing takes seconds of a core and up to a gigabyte of address
    // space, so a second request is told to come back rather than queued behind it.
    std::unique_lock drawing(m_drawing, std::try_to_lock);
    if (!drawing.owns_lock())
        return {nullptr, PreviewRefusal::Busy, "another preview is being drawn; try again in a few seconds"};
    auto png = run_kiosk(**signed_feed, feeds.key().public_key, repository, request);
    if (!png)
        return {nullptr, PreviewRefusal::None, png.failure().message};
    auto picture = std::make_shared<const std::string>(std::move(*png));
    std::lock_guard lock(m_mutex);
    ++m_drawings;
    if (m_cache.size() >= kKeptPictures)
        m_cache.clear(); // older versions are never asked for again; start afresh
    m_cache[key] = picture;
    return {picture, PreviewRefusal::None, {}};
}

PreviewPicture Previewer::draw_draft(const feed::Feed& draft, const SigningKey& key, Repository& repository, const PreviewRequest& request)
{
    if (!available())
        return no_kiosk();
    std::unique_lock drawing(m_drawing, std::try_to_lock);
    if (!drawing.owns_lock())
        return {nullptr, PreviewRefusal::Busy, "another preview is being drawn; try again in a few seconds"};
    SignedFeed signed_feed;
    signed_feed.bytes = feed_at_level(draft, feed::kFeedLevel).document.dump();
    auto signature = feed::sign_bytes(signed_feed.bytes, key.secret_key);
    if (!signature)
        return {nullptr, PreviewRefusal::None, "cannot sign the draft's feed: " + signature.error().message};
    signed_feed.signature = *signature;
    signed_feed.version = draft.version;
    auto png = run_kiosk(signed_feed, key.public_key, repository, request);
    if (!png)
        return {nullptr, PreviewRefusal::None, png.failure().message};
    std::lock_guard lock(m_mutex);
    ++m_drawings;
    return {std::make_shared<const std::string>(std::move(*png)), PreviewRefusal::None, {}};
}

// The picture is of exactly the signed bytes its version names: the images are read from
// those bytes too, never from the database's newer content.
Outcome<std::string> Previewer::run_kiosk(const SignedFeed& signed_feed, const std::string& public_key, Repository& repository,
                                          const PreviewRequest& request)
{
    auto internal = [](std::string message) { return Failure{FailureKind::Internal, std::move(message)}; };
    auto feed = feed::parse_feed(signed_feed.bytes);
    if (!feed)
        return internal("the feed to preview does not read back: " + feed.error().message);

    ScratchFolder scratch{fs::path(m_scratch) / ("preview-" + std::to_string(::getpid()) + "-" + std::to_string(++g_scratch_counter))};
    std::error_code ec;
    fs::create_directories(scratch.path / "feed" / "media", ec);
    fs::create_directories(scratch.path / "kiosk", ec);
    if (ec)
        return internal("cannot make a scratch folder for the preview in " + m_scratch + ": " + ec.message());
    // The same files a static export writes, so the kiosk reads them as it reads a USB stick.
    for (auto& media : feed->media) {
        auto stored = repository.media(media.sha256);
        if (!stored || !write_bytes(scratch.path / "feed" / "media" / media.sha256, stored->bytes))
            return internal("cannot write image " + media.sha256 + " for the preview");
    }
    if (!write_bytes(scratch.path / "feed" / "feed.json.sig", signed_feed.signature + "\n")
        || !write_bytes(scratch.path / "feed" / "feed.json", signed_feed.bytes))
        return internal("cannot write the feed for the preview");
    // The kiosk keeps to its own role too (a notice for café screens only is not shown on a
    // reception screen), so it is told the role it draws for. The role is checked already:
    // letters, digits, - and _ only, safe inside a TOML string.
    auto config_path = scratch.path / "kiosk.toml";
    if (!write_bytes(config_path, "[kiosk]\nscreen_role = \"" + request.role + "\"\n"))
        return internal("cannot write the kiosk's config for the preview");

    // Everything the child needs is made before fork: after it only async-signal-safe calls.
    auto png_path = scratch.path / "screen.png";
    auto log_path = (scratch.path / "kiosk.log").string();
    std::vector<std::string> args{m_kiosk, "--config", config_path.string(), "--data", (scratch.path / "kiosk").string(), "--feed",
        "file://" + (scratch.path / "feed" / "feed.json").string(), "--feed-key", public_key, "--sync-once", "--screenshot", png_path.string(), "--size",
        std::to_string(request.width) + "x" + std::to_string(request.height), "--page", request.page};
    std::vector<std::string> env{"SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=dummy", "HOME=" + scratch.path.string(),
        "XDG_DATA_HOME=" + (scratch.path / "kiosk").string(), "PATH=/usr/bin:/bin"};
    std::vector<char*> argv, envp;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    rlimit memory{static_cast<rlim_t>(m_limits.memory_bytes), static_cast<rlim_t>(m_limits.memory_bytes)};
    rlimit cpu{static_cast<rlim_t>(m_limits.seconds), static_cast<rlim_t>(m_limits.seconds)};

    pid_t child = ::fork();
    if (child < 0)
        return internal("cannot start the kiosk for a preview");
    if (child == 0) {
        ::setpgid(0, 0); // its own group, so a kill reaches anything it started
        ::setrlimit(RLIMIT_AS, &memory);
        ::setrlimit(RLIMIT_CPU, &cpu);
        int null_in = ::open("/dev/null", O_RDONLY);
        int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (null_in >= 0)
            ::dup2(null_in, 0);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(m_limits.seconds);
    int status = 0;
    bool finished = false;
    while (!finished) {
        pid_t done = ::waitpid(child, &status, WNOHANG);
        if (done == child) {
            finished = true;
            break;
        }
        if (done < 0 && errno != EINTR)
            break;
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(-child, SIGKILL);
            ::kill(child, SIGKILL);
            while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
            }
            return internal("the kiosk took more than " + std::to_string(m_limits.seconds) + " s to draw the preview and was stopped");
        }
        std::this_thread::sleep_for(kPollEvery);
    }
    if (!finished || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::string why = last_line(read_bytes(log_path));
        std::string how = finished && WIFSIGNALED(status) ? "stopped by signal " + std::to_string(WTERMSIG(status))
                                                          : "exit status " + std::to_string(finished ? WEXITSTATUS(status) : -1);
        return internal("the kiosk could not draw the preview (" + how + ")" + (why.empty() ? "" : ": " + why));
    }
    auto png = read_bytes(png_path);
    if (png.size() < 8 || png.compare(1, 3, "PNG") != 0)
        return internal("the kiosk drew no picture");
    return png;
}

} // namespace coi::server
