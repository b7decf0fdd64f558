#pragma once
// Static export: a site's signed feed and its media as plain files, so any static web
// host, CDN or USB stick can serve kiosks (kiosk-content export --site ID --out DIR).
//   DIR/feed.json        the exact signed bytes
//   DIR/feed.json.sig    base64 Ed25519 signature, one line
//   DIR/public-key.txt   the key kiosks pin
//   DIR/media/<sha256>   every image the feed refers to

#include "repository.h"
#include "signing_key.h"

namespace coi::server {

struct ExportSummary {
    std::int64_t version = 0;
    std::size_t feed_bytes = 0;
    std::size_t media_files = 0;
};

Outcome<ExportSummary> export_site(Repository& repository, const SigningKey& key, const std::string& site_id,
                                   const std::string& out_dir);

} // namespace coi::server
