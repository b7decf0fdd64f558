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

// An uploaded SVG is a document, not a picture: it can carry scripts, fetch from other sites
// when drawn, and expand entities until memory runs out, and it would be sent as it is to every
// screen and browser. Pictures are decoded and drawn again (image.h); an SVG is refused instead.
const char* const kSvgRefused =
    "SVG drawings are not taken, as an SVG can carry scripts and links to other sites. Save it as a PNG "
    "(in most drawing programs: File, Export as PNG) and add that instead";

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
    if (type == "image/svg+xml" || (sniff_picture_type(bytes).empty() && is_svg(bytes)))
        return bad_input(kSvgRefused);
    if (!is_picture_type(type))
        return bad_input("pictures must be JPEG, PNG, HEIC or WebP, not \"" + type + "\"");
    if (bytes.empty())
        return bad_input("the image is empty");
    if (bytes.size() > kMaxMediaBytes)
        return Failure{FailureKind::TooLarge, "images must be at most 10 MB"};
    auto picture = normalise_picture(bytes, PictureBounds{}, crop);
    if (!picture)
        return picture.failure();
    return store_media(picture->type, picture->bytes);
}

// Cropped again from the picture as stored, not from the upload: the upload is not kept (it
// carries the phone's metadata, a GPS position among it, and is up to 10 MB), and what is
// stored is already upright and as large as the largest screen needs, so cropping it loses
// nothing a screen could show. Every crop re-encodes a JPEG once more (at quality 85).
Outcome<feed::Media> Repository::recrop_media(const std::string& sha256, const CropFraction& crop)
{
    auto stored = media(sha256);
    if (!stored)
        return not_found("no picture " + sha256);
    if (stored->type == "image/svg+xml")
        return bad_input("a drawing built into the demo cannot be cropped; upload a picture instead");
    auto picture = normalise_picture(stored->bytes, PictureBounds{}, crop);
    if (!picture)
        return picture.failure();
    return store_media(picture->type, picture->bytes);
}

// The demo building's drawings are SVGs built into the program from content/sample (files in
// this repository, not uploads): they are stored as they are, for the kiosk to draw.
Outcome<feed::Media> Repository::put_builtin_media(const std::string& type, const std::string& bytes)
{
    if (type == "image/svg+xml" && is_svg(bytes))
        return store_media(type, bytes);
    return put_media(type, bytes);
}

feed::Media Repository::store_media(const std::string& stored_type, const std::string& stored_bytes)
{
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
