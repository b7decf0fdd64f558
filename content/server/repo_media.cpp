// Media: content-addressed, immutable images. Stored once however many notices use them.
#include "repository.h"

#include "content/feed/sign.h"

namespace coi::server {

namespace {

bool starts_with(const std::string& bytes, std::string_view prefix)
{
    return bytes.size() >= prefix.size() && std::string_view(bytes).substr(0, prefix.size()) == prefix;
}

// The declared type must match the bytes: a kiosk decodes by type, and a mislabelled
// file is either a mistake or an attack.
bool bytes_match_type(const std::string& type, const std::string& bytes)
{
    if (type == "image/png")
        return starts_with(bytes, "\x89PNG\r\n\x1a\n");
    if (type == "image/jpeg")
        return starts_with(bytes, "\xff\xd8\xff");
    if (type == "image/svg+xml") {
        auto head = std::string_view(bytes).substr(0, 1024);
        return head.find("<svg") != std::string_view::npos;
    }
    return false;
}

} // namespace

Outcome<feed::Media> Repository::put_media(const std::string& type, const std::string& bytes)
{
    if (type != "image/png" && type != "image/jpeg" && type != "image/svg+xml")
        return bad_input("media type must be image/png, image/jpeg or image/svg+xml, not \"" + type + "\"");
    if (bytes.empty())
        return bad_input("the image is empty");
    if (bytes.size() > kMaxMediaBytes)
        return Failure{FailureKind::TooLarge, "images must be at most 10 MB"};
    if (!bytes_match_type(type, bytes))
        return bad_input("the file is not a valid " + type + " image");
    feed::Media media{feed::sha256_hex(bytes), type, static_cast<std::int64_t>(bytes.size())};
    std::lock_guard lock(m_mutex);
    m_db->prepare("INSERT INTO media(sha256, type, bytes, created_at) VALUES(?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        .bind(1, media.sha256).bind(2, type).bind_blob(3, bytes).bind(4, now()).run();
    return media;
}

std::optional<StoredMedia> Repository::media(const std::string& sha256)
{
    std::lock_guard lock(m_mutex);
    auto row = m_db->prepare("SELECT sha256, type, bytes FROM media WHERE sha256 = ?");
    row.bind(1, sha256);
    if (!row.step())
        return std::nullopt;
    return StoredMedia{row.text(0), row.text(1), row.blob(2)};
}

std::vector<feed::Media> Repository::media_list(const std::vector<std::string>& hashes)
{
    std::lock_guard lock(m_mutex);
    std::vector<feed::Media> result;
    for (auto& hash : hashes) {
        auto row = m_db->prepare("SELECT type, length(bytes) FROM media WHERE sha256 = ?");
        row.bind(1, hash);
        if (row.step())
            result.push_back({hash, row.text(0), row.integer(1)});
    }
    return result;
}

} // namespace coi::server
