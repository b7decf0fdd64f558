#include "export.h"

#include "feed_cache.h"

#include <filesystem>
#include <fstream>

namespace coi::server {

namespace fs = std::filesystem;

namespace {

// Write beside, then rename: a web server never hands out half a feed.
Done write_file(const fs::path& path, const std::string& bytes)
{
    auto temporary = path;
    temporary += ".partial";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out)
            return Failure{FailureKind::Internal, "cannot write " + temporary.string()};
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec)
        return Failure{FailureKind::Internal, "cannot write " + path.string() + ": " + ec.message()};
    return done();
}

} // namespace

Outcome<ExportSummary> export_site(Repository& repository, const SigningKey& key, const std::string& site_id,
                                   const std::string& out_dir)
{
    FeedCache cache(repository, key);
    auto signed_feed = cache.feed_for(site_id, std::nullopt);
    if (!signed_feed)
        return signed_feed.failure();
    auto feed = repository.assemble_feed(site_id, std::nullopt);
    if (!feed)
        return feed.failure();

    std::error_code ec;
    fs::create_directories(fs::path(out_dir) / "media", ec);
    if (ec)
        return Failure{FailureKind::Internal, "cannot create " + out_dir + ": " + ec.message()};

    ExportSummary summary;
    // Media first, feed last: a kiosk that sees the new feed finds every image in place.
    for (auto& media : feed->media) {
        auto stored = repository.media(media.sha256);
        if (!stored)
            return Failure{FailureKind::Internal, "image " + media.sha256 + " is missing from the database"};
        if (auto written = write_file(fs::path(out_dir) / "media" / media.sha256, stored->bytes); !written)
            return written.failure();
        ++summary.media_files;
    }
    if (auto written = write_file(fs::path(out_dir) / "public-key.txt", key.public_key + "\n"); !written)
        return written.failure();
    if (auto written = write_file(fs::path(out_dir) / "feed.json.sig", (*signed_feed)->signature + "\n"); !written)
        return written.failure();
    if (auto written = write_file(fs::path(out_dir) / "feed.json", (*signed_feed)->bytes); !written)
        return written.failure();
    summary.version = (*signed_feed)->version;
    summary.feed_bytes = (*signed_feed)->bytes.size();
    return summary;
}

} // namespace coi::server
