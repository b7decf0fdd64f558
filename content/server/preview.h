#pragma once
// Live preview: what a screen of one role shows, drawn by the kiosk's own renderer. The
// server writes the signed feed it is about to publish for that role (as a static export)
// into a scratch folder and runs `kiosk --feed file://... --sync-once --screenshot` on it,
// headless (SDL's dummy video driver), bounded in time and memory, one at a time. Pictures
// are kept per content version, so a preview is drawn once per change.

#include "feed_cache.h"
#include "outcome.h"
#include "signing_key.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace coi::server {

struct PreviewLimits {
    int seconds = 60;                       // wall clock, then the kiosk is killed
    std::int64_t memory_bytes = 1LL << 30;  // address space (RLIMIT_AS)
};

struct PreviewRequest {
    std::string site_id;
    std::string role = "reception";
    std::string page = "whats-on"; // whats-on, cafe, notices or week
    int width = 1280;
    int height = 720;
};

enum class PreviewRefusal { None, NoKiosk, Busy };

struct PreviewPicture {
    std::shared_ptr<const std::string> png; // null when refused or failed
    PreviewRefusal refusal = PreviewRefusal::None;
    std::string message; // why not, in plain words
};

class Previewer {
public:
    // kiosk_binary: the kiosk program's path, empty for none; scratch_dir: where each
    // drawing's feed and kiosk data live while it runs (emptied afterwards).
    // Scratch folders left by a server that died while drawing are removed here.
    Previewer(std::string kiosk_binary, std::string scratch_dir, PreviewLimits limits = {});

    bool available() const; // a kiosk program is configured and can be run
    const std::string& kiosk_binary() const { return m_kiosk; }
    PreviewPicture draw(FeedCache& feeds, Repository& repository, const PreviewRequest& request);
    // An unsaved edit's feed (Repository::draft_feed), signed with `key` and drawn: never kept,
    // as no content version names it, and under the same one-at-a-time rule and limits.
    PreviewPicture draw_draft(const feed::Feed& draft, const SigningKey& key, Repository& repository, const PreviewRequest& request);
    int drawings() const; // kiosk runs so far (a cached picture is not one)

private:
    PreviewPicture no_kiosk() const; // why nothing can be drawn, in words
    Outcome<std::string> run_kiosk(const SignedFeed& feed, const std::string& public_key, Repository& repository, const PreviewRequest& request);
    using Key = std::tuple<std::string, std::string, std::string, int, int, std::int64_t>; // site, role, page, w, h, version
    std::string m_kiosk;
    std::string m_scratch;
    PreviewLimits m_limits;
    std::mutex m_drawing; // held while the kiosk runs: a second request meanwhile is told "busy"
    mutable std::mutex m_mutex; // the cache and the count
    std::map<Key, std::shared_ptr<const std::string>> m_cache;
    int m_drawings = 0;
};

} // namespace coi::server
