#include "content/sample/sample.h"

#include "content/sample/embedded.h"

namespace coi::sample {

std::string_view feed_json()
{
    return detail::embedded_feed();
}

const std::vector<EmbeddedMedia>& media()
{
    // Built once on first use; the views point into the binary's read-only data.
    static const std::vector<EmbeddedMedia> all = detail::embedded_media();
    return all;
}

const EmbeddedMedia* find_media(std::string_view sha256)
{
    for (const auto& item : media()) {
        if (item.sha256 == sha256)
            return &item;
    }
    return nullptr;
}

} // namespace coi::sample
