#include "demo.h"

#include "content/feed/parse.h"
#include "secrets.h"

#ifdef COI_HAVE_SAMPLE
#include "content/sample/sample.h"
#endif

namespace coi::server {

bool demo_available()
{
#ifdef COI_HAVE_SAMPLE
    return true;
#else
    return false;
#endif
}

Done import_feed_document(Repository& repository, const std::string& feed_json)
{
    auto feed = feed::parse_feed(feed_json);
    if (!feed)
        return bad_input("the feed does not parse: " + feed.error().message);
    return repository.import_site(feed::feed_to_json(*feed));
}

Outcome<std::string> load_demo([[maybe_unused]] Repository& repository)
{
#ifdef COI_HAVE_SAMPLE
    // Images first: notices and events refer to them by hash and are checked against them.
    for (auto& media : coi::sample::media()) {
        std::string bytes(std::begin(media.bytes), std::end(media.bytes));
        if (auto stored = repository.put_builtin_media(std::string(media.type), bytes); !stored)
            return stored.failure();
    }
    std::string feed_json(coi::sample::feed_json());
    auto parsed = feed::parse_feed(feed_json);
    if (!parsed)
        return bad_input("the embedded sample does not parse: " + parsed.error().message);
    if (!repository.site(parsed->site.id))
        if (auto imported = import_feed_document(repository, feed_json); !imported)
            return imported.failure();
    auto password = random_password();
    for (auto& user : repository.users())
        if (user.name == "admin") {
            if (auto updated = repository.update_user(user.id, password, Role::Admin, {}); !updated)
                return updated.failure();
            return password;
        }
    if (auto created = repository.create_user("admin", password, Role::Admin, {}); !created)
        return created.failure();
    return password;
#else
    return bad_input("this kiosk-content was built without the sample building (content/sample)");
#endif
}

} // namespace coi::server
