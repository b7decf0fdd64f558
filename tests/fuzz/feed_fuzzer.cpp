// Feed bytes as they arrive from a server, a static host or a USB stick: anything at all.
// parse_feed must refuse what is wrong with an Error that says why, and never crash, leak
// or hit undefined behaviour. What it accepts must survive the round trip the server
// makes (validate, store, serialise): serialise_feed(feed) parses back to the same feed,
// or a kiosk would refuse a feed its own server built.
#include "content/feed/parse.h"
#include "content/feed/sign.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void broken(const char* what, const std::string& detail)
{
    std::fprintf(stderr, "feed_fuzzer: %s: %s\n", what, detail.c_str());
    std::abort();
}

// The X-Feed-Signature header and the pinned key are checked before any parsing; the
// header is as untrusted as the body, so its first bytes stand in for it.
void check_signature_path(std::string_view bytes)
{
    static const std::string key = coi::feed::generate_key_pair().public_key;
    auto signature = bytes.substr(0, std::min<std::size_t>(bytes.size(), 96));
    if (coi::feed::verify_bytes(bytes, signature, key))
        broken("a random signature verified", std::string(signature));
    (void)coi::feed::base64_decode(signature);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    check_signature_path(bytes);

    auto feed = coi::feed::parse_feed(bytes);
    if (!feed) {
        if (feed.error().message.empty())
            broken("refused without saying why", std::string(bytes.substr(0, 200)));
        return 0;
    }
    auto serialised = coi::feed::serialise_feed(*feed);
    auto again = coi::feed::parse_feed(serialised);
    if (!again)
        broken("an accepted feed does not parse after serialise_feed", again.error().message);
    if (!(*again == *feed))
        broken("serialise_feed then parse_feed changed the feed", serialised.substr(0, 400));
    return 0;
}
