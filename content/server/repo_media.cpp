// Media: content-addressed, immutable images. Stored once however many notices use them.
#include "repository.h"

#include "content/feed/sign.h"
#include "image.h"

namespace coi::server {

namespace {

bool is_svg(const std::string& bytes)
{
    auto head = std::string_view(bytes).substr(0, 1024);
    return head.find("<svg") != std::string_view::npos;
}

// What a browser may call a picture it sends. The bytes decide what it really is: a phone's
// HEIC often arrives with no type at all, and a ".png" that is really a JPEG is still a picture.
bool is_picture_type(const std::string& type)
{
    for (auto known : {"image/png", "image/jpeg", "image/webp", "image/heic", "image/heif", "application/octet-stream", ""})
        if (type == known)
            return true;
    return false;
}

} // namespace

// Pictures are decoded and encoded again (image.h): what is stored, and sent to every screen,
// is upright, no larger than a screen needs and free of the upload's metadata.
Outcome<feed::Media> Repository::put_media(const std::string& type, const std::string& bytes,
                                           const std::optional<CropFraction>& crop)
{
    if (type != "image/svg+xml" && !is_picture_type(type))
        return bad_input("pictures must be JPEG, PNG, HEIC, WebP or SVG, not \"" + type + "\"");
    if (bytes.empty())
        return bad_input("the image is empty");
    if (bytes.size() > kMaxMediaBytes)
        return Failure{FailureKind::TooLarge, "images must be at most 10 MB"};
    std::string stored_type = type, stored_bytes;
    if (type == "image/svg+xml") {
        if (!is_svg(bytes))
            return bad_input("the file is not a valid image/svg+xml image");
        if (crop)
            return bad_input("an SVG drawing cannot be cropped; send it without a crop");
        stored_bytes = bytes;
    } else {
        auto picture = normalise_picture(bytes, PictureBounds{}, crop);
        if (!picture)
            return picture.failure();
        stored_type = picture->type;
        stored_bytes = std::move(picture->bytes);
    }
    feed::Media media{feed::sha256_hex(stored_bytes), stored_type, static_cast<std::int64_t>(stored_bytes.size())};
    std::lock_guard lock(m_mutex);
    m_db->prepare("INSERT INTO media(sha256, type, bytes, created_at) VALUES(?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING")
        .bind(1, media.sha256).bind(2, stored_type).bind_blob(3, stored_bytes).bind(4, now()).run();
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
