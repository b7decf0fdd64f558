#pragma once
// Content versions and media in the kiosk's store. A new version and its media go in
// one transaction and become current together, so the screen is never half old, half new.

#include "content/feed/result.h"
#include "content/feed/types.h"
#include "kiosk/store/database.h"

#include <optional>
#include <string>
#include <vector>

namespace coi::store {

struct StoredContent {
    std::int64_t version = 0;
    std::string feed_bytes; // exactly what was verified
    std::string signature;
    std::string source;
    feed::Instant received_at = 0;
};

struct MediaBlob {
    std::string sha256;
    std::string type;
    std::string bytes;
};

class ContentStore {
public:
    explicit ContentStore(Database& db) : m_db(db) {}

    // Makes feed_bytes the current content with the given media, in one transaction.
    // Refuses a version older than the current one (a rollback) and media whose bytes
    // do not match their hash. The same version again is accepted and changes nothing.
    // SameVersion also replaces content of the same version: for the embedded building,
    // whose bytes change with a kiosk upgrade while its version stays 1.
    // Any replaces whatever is current, older or not: for the first feed after the embedded
    // building, whose version says nothing about the server's numbering.
    enum class Replace { Newer, SameVersion, Any };
    Result<Ok> install(const StoredContent& content, const std::vector<MediaBlob>& media, Replace = Replace::Newer);
    std::optional<StoredContent> current();                  // nullopt before first install
    std::optional<MediaBlob> media(const std::string& sha256);
    // Keeps images ahead of the version that names them, in one transaction. They are
    // content-addressed and immutable, so this changes nothing on screen; it lets a client
    // hold a few images in memory rather than all of them, and a retry skip what it has.
    Result<Ok> put_media(const std::vector<MediaBlob>& media, feed::Instant stored_at);
    bool has_media(const std::string& sha256);
    // Whether the stored image's bytes still match its sha256. One that does not (a worn SD
    // card) is removed, so has_media says no and the next poll fetches it again.
    bool has_whole_media(const std::string& sha256);
    Result<Ok> forget_content();                              // every version and all media, in one transaction (revocation)
    // Removes media that none of keep names, oldest first, until all media together take at
    // most max_bytes (what keep names stays even over the bound). Returns how many went.
    Result<int> evict_media(const std::vector<std::string>& keep, std::int64_t max_bytes);
    std::int64_t media_bytes();                               // all media together

private:
    Database& m_db;
};

} // namespace coi::store
