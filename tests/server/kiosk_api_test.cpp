// The kiosk API: pairing, signed feed with ETag/304, revocation, media, status, footfall,
// specials from kiosk staff mode.
#include "content/feed/levels.h"
#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "server_fixture.h"
#include "test_pictures.h"

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// A real picture: the server decodes every one it takes and keeps only what it decoded.
const std::string kPng = encode_png(red_left_blue_right(48, 27));

std::vector<std::uint8_t> pixels_of(const std::string& bytes)
{
    auto picture = decode_picture(bytes);
    return picture.ok() ? picture->rgba : std::vector<std::uint8_t>{};
}

} // namespace

class KioskApiTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
    }
};

TEST_F(KioskApiTest, PairingWaitsUntilAdoptedThenGivesTokenAndKey)
{
    auto kiosk = client();
    nlohmann::json hello{{"code", "482913670"}, {"secret", "0123456789abcdef0123"}};
    auto first = kiosk.post("/api/v1/pair", hello);
    EXPECT_EQ(first.status, 202);
    EXPECT_EQ(first.json()["state"], "waiting");
    // Another kiosk cannot take over the same code.
    EXPECT_EQ(kiosk.post("/api/v1/pair", {{"code", "482913670"}, {"secret", "someone-else-entirely"}}).status, 409);
    auto a = admin();
    EXPECT_EQ(a.post("/api/admin/screens/adopt", {{"code", "999 999 999"}, {"site_id", "ashby"}, {"role", "reception"}, {"name", "x"}}).status, 404);
    ASSERT_EQ(a.post("/api/admin/screens/adopt", {{"code", "482 913 670"}, {"site_id", "ashby"}, {"role", "reception"}, {"name", "Front desk"}}).status, 201);
    auto adopted = kiosk.post("/api/v1/pair", hello);
    ASSERT_EQ(adopted.status, 200) << adopted.body;
    EXPECT_EQ(adopted.json()["public_key"], m_key.public_key);
    auto token = adopted.json()["token"].get<std::string>();
    EXPECT_EQ(token.size(), 64u);

    auto feed = kiosk.get("/api/v1/feed", bearer(token));
    ASSERT_EQ(feed.status, 200) << feed.body;
    EXPECT_TRUE(coi::feed::verify_bytes(feed.body, feed.header("x-feed-signature"), m_key.public_key).ok());
    auto parsed = coi::feed::parse_feed(feed.body);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->site.id, "ashby");
}

// A kiosk draws nine digits; anything else is refused before it is stored, so the code space
// the per-address limit is measured against is the one a screen draws from.
TEST_F(KioskApiTest, APairingCodeIsNineDigits)
{
    auto kiosk = client();
    for (const char* code : {"48291", "4829136", "48291367", "4829136701", "48291367a"}) {
        auto refused = kiosk.post("/api/v1/pair", {{"code", code}, {"secret", "0123456789abcdef0123"}});
        EXPECT_EQ(refused.status, 400) << code;
        EXPECT_NE(refused.body.find("9 digits"), std::string::npos) << refused.body;
    }
    EXPECT_EQ(kiosk.post("/api/v1/pair", {{"code", "482913670"}, {"secret", "0123456789abcdef0123"}}).status, 202);
}

// A kiosk older than the nine-digit codes, waiting through the server's upgrade, still pairs.
TEST_F(KioskApiTest, AnOlderKiosksSixDigitCodeStillPairs)
{
    EXPECT_EQ(pair_screen("ashby", "reception", "482913").size(), 64u);
}

TEST_F(KioskApiTest, TokenIsStoredOnlyAsAHash)
{
    auto token = pair_screen("ashby", "reception");
    client().get("/api/v1/feed", bearer(token)); // first poll drops the pairing copy
    auto db = Database::open(m_dir->path() + "/content.db");
    ASSERT_TRUE(db.ok());
    auto row = (*db)->prepare("SELECT count(*) FROM screens WHERE token_hash = ?");
    row.bind(1, token);
    row.step();
    EXPECT_EQ(row.integer(0), 0);
    auto pairing = (*db)->prepare("SELECT count(*) FROM pairings");
    pairing.step();
    EXPECT_EQ(pairing.integer(0), 0);
}

TEST_F(KioskApiTest, FeedHasAStrongEtagAndAnswers304)
{
    auto token = pair_screen("ashby", "reception");
    auto kiosk = client();
    auto full = kiosk.get("/api/v1/feed", bearer(token));
    ASSERT_EQ(full.status, 200);
    auto etag = full.header("etag");
    ASSERT_EQ(etag.size(), 66u);
    EXPECT_EQ(etag.front(), '"');
    EXPECT_EQ(etag, "\"" + coi::feed::sha256_hex(full.body) + "\"");
    auto headers = bearer(token);
    headers["If-None-Match"] = etag;
    auto again = kiosk.get("/api/v1/feed", headers);
    EXPECT_EQ(again.status, 304);
    EXPECT_TRUE(again.body.empty());
    // What a cache needs to revalidate, and no more: every screen polls this once a minute.
    EXPECT_EQ(again.header("etag"), etag);
    EXPECT_EQ(again.header("cache-control"), "no-cache");
    for (const char* body_only : {"content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy"}) {
        EXPECT_EQ(again.headers.count(body_only), 0u) << body_only;
        EXPECT_EQ(full.headers.count(body_only), 1u) << body_only;
    }

    // A change makes a newer version and a new ETag.
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/events", event_json("bingo", "FREQ=WEEKLY;BYDAY=TU")).status, 201);
    auto changed = kiosk.get("/api/v1/feed", headers);
    ASSERT_EQ(changed.status, 200);
    EXPECT_NE(changed.header("etag"), etag);
    auto before = coi::feed::parse_feed(full.body);
    auto after = coi::feed::parse_feed(changed.body);
    ASSERT_TRUE(before.ok() && after.ok());
    EXPECT_GT(after->version, before->version);
    EXPECT_EQ(after->events.size(), 1u);
}

// A kiosk says which feed level it reads (X-Feed-Level); one that says nothing is from before
// levels and gets a feed its reader accepts: the all-day flag left out, the times kept. The
// two levels are separate feeds with their own ETags.
TEST_F(KioskApiTest, AKioskThatSaysNoFeedLevelGetsTheOriginalLevelAndANewOneTheWholeFeed)
{
    auto open_day = event_json("open-day");
    open_day["title"] = "Open day";
    open_day["start"] = "2026-11-25T00:00:00Z";
    open_day["end"] = "2026-11-26T00:00:00Z";
    open_day["all_day"] = true;
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/events", open_day).status, 201);
    auto token = pair_screen("ashby", "reception");
    auto old_kiosk = client().get("/api/v1/feed", bearer(token));
    ASSERT_EQ(old_kiosk.status, 200);
    auto old_doc = nlohmann::json::parse(old_kiosk.body);
    ASSERT_EQ(old_doc["events"].size(), 1u);
    EXPECT_FALSE(old_doc["events"][0].contains("all_day"));
    EXPECT_EQ(old_doc["events"][0]["start"], "2026-11-25T00:00:00Z");
    EXPECT_TRUE(coi::feed::verify_bytes(old_kiosk.body, old_kiosk.header("x-feed-signature"), m_key.public_key).ok());

    auto headers = bearer(token);
    headers["X-Feed-Level"] = std::to_string(coi::feed::kFeedLevel);
    auto new_kiosk = client().get("/api/v1/feed", headers);
    ASSERT_EQ(new_kiosk.status, 200);
    EXPECT_EQ(nlohmann::json::parse(new_kiosk.body)["events"][0]["all_day"], true);
    EXPECT_NE(new_kiosk.header("etag"), old_kiosk.header("etag"));
    headers["If-None-Match"] = old_kiosk.header("etag");
    EXPECT_EQ(client().get("/api/v1/feed", headers).status, 200) << "the old level's ETag is not this level's";
}

TEST_F(KioskApiTest, RevokedScreenIsRefusedOnItsNextPoll)
{
    auto token = pair_screen("ashby", "reception");
    EXPECT_EQ(client().get("/api/v1/feed", bearer(token)).status, 200);
    auto id = m_repository->screens().front().id;
    ASSERT_EQ(admin().post("/api/admin/screens/" + std::to_string(id) + "/revoke", nlohmann::json::object()).status, 200);
    auto refused = client().get("/api/v1/feed", bearer(token));
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.json()["code"], "revoked");
    EXPECT_EQ(client().post("/api/v1/status", {{"content_version", 1}}).status, 401);
    EXPECT_EQ(client().request("POST", "/api/v1/status", R"({"content_version":1})", "application/json", bearer(token)).status, 403);
}

TEST_F(KioskApiTest, UnknownOrMissingTokenIsRefused)
{
    EXPECT_EQ(client().get("/api/v1/feed").status, 401);
    EXPECT_EQ(client().get("/api/v1/feed", bearer(std::string(64, 'f'))).status, 401);
    EXPECT_EQ(client().get("/api/v1/feed", bearer("short")).status, 401);
}

TEST_F(KioskApiTest, NoticesAreFilteredByScreenRole)
{
    auto a = admin();
    ASSERT_EQ(a.post("/api/admin/sites/ashby/notices", {{"id", "all"}, {"title", "For everyone"}}).status, 201);
    ASSERT_EQ(a.post("/api/admin/sites/ashby/notices", {{"id", "cafe-only"}, {"title", "Cake"}, {"screens", {"cafe"}}}).status, 201);
    auto reception = pair_screen("ashby", "reception", "111111111");
    auto cafe = pair_screen("ashby", "cafe", "222222222");
    auto reception_feed = coi::feed::parse_feed(client().get("/api/v1/feed", bearer(reception)).body);
    auto cafe_feed = coi::feed::parse_feed(client().get("/api/v1/feed", bearer(cafe)).body);
    ASSERT_TRUE(reception_feed.ok() && cafe_feed.ok());
    EXPECT_EQ(reception_feed->notices.size(), 1u);
    EXPECT_EQ(cafe_feed->notices.size(), 2u);
}

TEST_F(KioskApiTest, EachScreenRoleFollowsItsOwnRotationAndOthersTheBuildings)
{
    auto a = admin();
    nlohmann::json rotation = {{"dwell_seconds", 20}, {"pages", {"whats-on", "week"}},
                               {"by_role", {{"cafe", {{"dwell_seconds", 8}, {"pages", {"cafe", "notices"}}}}}}};
    ASSERT_EQ(a.put("/api/admin/sites/ashby/rotation", rotation).status, 200);
    auto reception = pair_screen("ashby", "reception", "111111111");
    auto cafe = pair_screen("ashby", "cafe", "222222222");
    auto reception_feed = coi::feed::parse_feed(client().get("/api/v1/feed", bearer(reception)).body);
    auto cafe_feed = coi::feed::parse_feed(client().get("/api/v1/feed", bearer(cafe)).body);
    ASSERT_TRUE(reception_feed.ok() && cafe_feed.ok()) << "by_role never reaches a kiosk, which would refuse it";
    EXPECT_EQ(reception_feed->rotation.dwell_seconds, 20);
    EXPECT_EQ(reception_feed->rotation.pages, (std::vector<coi::feed::Page>{coi::feed::Page::WhatsOn, coi::feed::Page::Week}));
    EXPECT_EQ(cafe_feed->rotation.dwell_seconds, 8);
    EXPECT_EQ(cafe_feed->rotation.pages, (std::vector<coi::feed::Page>{coi::feed::Page::Cafe, coi::feed::Page::Notices}));
    EXPECT_EQ(a.get("/api/admin/sites/ashby").json()["rotation"], rotation) << "the admin reads back what it saved";
    // A role's rotation a kiosk could not follow is refused, and nothing changes.
    auto bad = rotation;
    bad["by_role"]["hall"] = {{"pages", nlohmann::json::array()}};
    auto refused = a.put("/api/admin/sites/ashby/rotation", bad);
    EXPECT_EQ(refused.status, 400);
    EXPECT_NE(refused.json()["error"].get<std::string>().find("hall"), std::string::npos) << refused.body;
    bad["by_role"] = {{"Front Desk", {{"pages", {"week"}}}}};
    EXPECT_EQ(a.put("/api/admin/sites/ashby/rotation", bad).status, 400);
    EXPECT_EQ(a.get("/api/admin/sites/ashby").json()["rotation"], rotation);
}

TEST_F(KioskApiTest, UrgentNoticeWithImageReachesTheFeedAndItsMedia)
{
    auto a = admin();
    auto upload = a.request("POST", "/api/admin/media", kPng, "image/png");
    ASSERT_EQ(upload.status, 201) << upload.body;
    auto sha = upload.json()["sha256"].get<std::string>();
    ASSERT_EQ(a.post("/api/admin/sites/ashby/notices", {{"id", "flood"}, {"title", "Car park flooded"}, {"urgent", true},
                                                       {"image", sha}, {"show_until", "2030-01-01T00:00:00Z"}}).status, 201);
    auto token = pair_screen("ashby", "reception");
    auto feed = coi::feed::parse_feed(client().get("/api/v1/feed", bearer(token)).body);
    ASSERT_TRUE(feed.ok());
    ASSERT_EQ(feed->media.size(), 1u);
    EXPECT_EQ(feed->media[0].sha256, sha);
    EXPECT_TRUE(feed->notices[0].urgent);
    auto media = client().get("/api/v1/media/" + sha);
    EXPECT_EQ(media.status, 200);
    EXPECT_EQ(pixels_of(media.body), pixels_of(kPng));
    EXPECT_NE(media.header("cache-control").find("immutable"), std::string::npos);
    EXPECT_EQ(client().get("/api/v1/media/" + sha, {{"If-None-Match", "\"" + sha + "\""}}).status, 304);
}

TEST_F(KioskApiTest, StatusRecordsVersionErrorAndScreenshot)
{
    auto token = pair_screen("ashby", "reception");
    auto kiosk = client();
    auto status = kiosk.request("POST", "/api/v1/status",
                                R"({"content_version": 7, "last_error": "image failed", "app_version": "0.1.0"})",
                                "application/json", bearer(token));
    ASSERT_EQ(status.status, 200) << status.body;
    std::string boundary = "coiboundary";
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n{\"content_version\": 8}\r\n" +
                       "--" + boundary + "\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"s.png\"\r\n" +
                       "Content-Type: image/png\r\n\r\n" + kPng + "\r\n--" + boundary + "--\r\n";
    auto with_png = kiosk.request("POST", "/api/v1/status", body, "multipart/form-data; boundary=" + boundary, bearer(token));
    ASSERT_EQ(with_png.status, 200) << with_png.body;
    auto screens = admin().get("/api/admin/screens").json()["screens"];
    ASSERT_EQ(screens.size(), 1u);
    EXPECT_EQ(screens[0]["content_version"], 8);
    EXPECT_EQ(screens[0]["online"], true);
    auto shot = admin().get("/api/admin/screens/" + std::to_string(screens[0]["id"].get<int>()) + "/screenshot");
    EXPECT_EQ(shot.status, 200);
    EXPECT_EQ(pixels_of(shot.body), pixels_of(kPng));
}

TEST_F(KioskApiTest, StatusStoresEveryFieldAKioskHeartbeatCarriesAndTheScreensListShowsThem)
{
    auto token = pair_screen("ashby", "reception");
    nlohmann::json beat{{"content_version", 12}, {"uptime_seconds", 93784}, {"last_sync_at", 1795600000},
                        {"last_error", "image 0a1b2c...: the server answered 404"}, {"app_version", "0.3.1"},
                        {"free_disk_bytes", 5368709120LL}, {"poll_seconds", 60}};
    auto reply = client().request("POST", "/api/v1/status", beat.dump(), "application/json", bearer(token));
    ASSERT_EQ(reply.status, 200) << reply.body;
    auto screens = admin().get("/api/admin/screens").json()["screens"];
    ASSERT_EQ(screens.size(), 1u);
    auto& screen = screens[0];
    EXPECT_EQ(screen["content_version"], 12);
    EXPECT_EQ(screen["uptime_seconds"], 93784);
    EXPECT_EQ(screen["last_sync_at"], 1795600000);
    EXPECT_EQ(screen["last_error"], "image 0a1b2c...: the server answered 404");
    EXPECT_EQ(screen["app_version"], "0.3.1");
    EXPECT_EQ(screen["free_disk_bytes"], 5368709120LL);
    EXPECT_EQ(screen["poll_seconds"], 60);
    EXPECT_NEAR(screen["status_at"].get<double>(), static_cast<double>(m_repository->now()), 5.0); // when it arrived

    // An older kiosk says less: what it does not say is unknown (null), not a made-up 0.
    ASSERT_EQ(client().request("POST", "/api/v1/status", R"({"content_version": 13})", "application/json", bearer(token)).status, 200);
    screen = admin().get("/api/admin/screens").json()["screens"][0];
    EXPECT_EQ(screen["content_version"], 13);
    EXPECT_TRUE(screen["uptime_seconds"].is_null());
    EXPECT_TRUE(screen["free_disk_bytes"].is_null());
    EXPECT_TRUE(screen["poll_seconds"].is_null());
}

TEST_F(KioskApiTest, ABadHeartbeatIsRefusedWithAClearMessageAndChangesNothing)
{
    auto token = pair_screen("ashby", "reception");
    nlohmann::json good{{"content_version", 5}, {"uptime_seconds", 60}, {"last_sync_at", 1795600000},
                        {"last_error", ""}, {"app_version", "0.3.1"}, {"free_disk_bytes", 1000}};
    ASSERT_EQ(client().request("POST", "/api/v1/status", good.dump(), "application/json", bearer(token)).status, 200);
    auto before = admin().get("/api/admin/screens").json()["screens"][0];

    struct Case {
        nlohmann::json change;
        std::string says;
    };
    std::vector<Case> cases{
        {{{"uptime_seconds", -1}}, "field \"uptime_seconds\": must be 0 or more"},
        {{{"uptime_seconds", "3 days"}}, "field \"uptime_seconds\": must be a whole number"},
        {{{"free_disk_bytes", 1.5}}, "field \"free_disk_bytes\": must be a whole number"},
        {{{"free_disk_bytes", 18446744073709551615ULL}}, "field \"free_disk_bytes\": must be 0 or more"},
        {{{"content_version", -3}}, "field \"content_version\": must be 0 or more"},
        {{{"last_sync_at", true}}, "field \"last_sync_at\": must be a whole number"},
        {{{"last_error", std::string(1001, 'e')}}, "field \"last_error\": must be at most 1000 bytes"},
        {{{"app_version", std::string(65, 'v')}}, "field \"app_version\": must be at most 64 bytes"},
        {{{"app_version", 3}}, "field \"app_version\": must be a string"},
        {{{"temperature", 61}}, "unknown field \"temperature\""},
        {{{"poll_seconds", 0}}, "field \"poll_seconds\": must be from 1 to 86400"},
        {{{"poll_seconds", 86401}}, "field \"poll_seconds\": must be from 1 to 86400"},
    };
    for (auto& c : cases) {
        nlohmann::json bad = good;
        bad.update(c.change);
        bad["content_version"] = c.change.contains("content_version") ? c.change["content_version"] : nlohmann::json(99);
        auto reply = client().request("POST", "/api/v1/status", bad.dump(), "application/json", bearer(token));
        EXPECT_EQ(reply.status, 400) << c.change.dump();
        EXPECT_EQ(reply.json()["code"], "bad_input") << c.change.dump();
        EXPECT_NE(reply.json()["error"].get<std::string>().find(c.says), std::string::npos) << reply.body;
        // The same bad status with a good screenshot: refused whole, the picture is not kept either.
        std::string body = "--b\r\nContent-Disposition: form-data; name=\"status\"\r\n\r\n" + bad.dump() +
                           "\r\n--b\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"s.png\"\r\n"
                           "Content-Type: image/png\r\n\r\n" + kPng + "\r\n--b--\r\n";
        EXPECT_EQ(client().request("POST", "/api/v1/status", body, "multipart/form-data; boundary=b", bearer(token)).status, 400);
    }
    auto after = admin().get("/api/admin/screens").json()["screens"][0];
    after.erase("online"); // a matter of the clock, not of what was stored
    before.erase("online");
    EXPECT_EQ(after, before) << "a refused heartbeat must not change what is stored about the screen";
    EXPECT_EQ(m_repository->screens().front().screenshot_at, 0);
}

TEST_F(KioskApiTest, APhonePhotoReachesScreensUprightFittedAndWithoutItsGpsPosition)
{
    auto a = admin();
    // 3000 x 2000, held sideways (EXIF orientation 6), with a GPS position in its EXIF block.
    auto upload = a.request("POST", "/api/admin/media", jpeg_with_exif(red_left_blue_right(3000, 2000), 6), "image/jpeg");
    ASSERT_EQ(upload.status, 201) << upload.body;
    EXPECT_EQ(upload.json()["type"], "image/jpeg");
    auto media = client().get("/api/v1/media/" + upload.json()["sha256"].get<std::string>());
    ASSERT_EQ(media.status, 200);
    EXPECT_EQ(media.body.size(), upload.json()["bytes"].get<std::size_t>());
    auto markers = jpeg_markers(media.body);
    EXPECT_EQ(std::find(markers.begin(), markers.end(), 0xe1), markers.end()) << "no EXIF, so no GPS position";
    auto seen = decode_picture(media.body);
    ASSERT_TRUE(seen.ok());
    EXPECT_EQ(seen->width, 1080); // upright: portrait, fitted to a portrait 1080 x 1920 screen
    EXPECT_EQ(seen->height, 1620);
    EXPECT_TRUE(reddish(pixel(*seen, 540, 100)));
    EXPECT_TRUE(bluish(pixel(*seen, 540, 1500)));
}

TEST_F(KioskApiTest, AScreenshotThatIsNotAPictureOrIsHugeIsRefused)
{
    auto token = pair_screen("ashby", "reception");
    auto post = [&](const std::string& png) {
        std::string body = "--b\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"s.png\"\r\n"
                           "Content-Type: image/png\r\n\r\n" + png + "\r\n--b--\r\n";
        return client().request("POST", "/api/v1/status", body, "multipart/form-data; boundary=b", bearer(token));
    };
    auto huge = post(png_claiming(20000, 20000));
    EXPECT_EQ(huge.status, 400) << huge.body;
    EXPECT_NE(huge.body.find("20000 x 20000"), std::string::npos) << huge.body;
    EXPECT_EQ(post(std::string("\x89PNG\r\n\x1a\n", 8) + "<html><script>alert(1)</script></html>").status, 400);
    EXPECT_EQ(m_repository->screens().front().screenshot_at, 0);
}

TEST_F(KioskApiTest, ScreenshotOver2MBIsRefused)
{
    auto token = pair_screen("ashby", "reception");
    std::string big = kPng + std::string(2 * 1024 * 1024, 'x');
    std::string body = "--b\r\nContent-Disposition: form-data; name=\"screenshot\"; filename=\"s.png\"\r\n"
                       "Content-Type: image/png\r\n\r\n" + big + "\r\n--b--\r\n";
    auto reply = client().request("POST", "/api/v1/status", body, "multipart/form-data; boundary=b", bearer(token));
    EXPECT_EQ(reply.status, 413);
    EXPECT_EQ(m_repository->screens().front().screenshot_at, 0);
}

TEST_F(KioskApiTest, FootfallCountsAreStoredAndCharted)
{
    auto token = pair_screen("ashby", "reception");
    auto today = coi::feed::format_date(coi::feed::civil_from_days(m_repository->now() / 86400));
    nlohmann::json counts{{"counts", {{{"date", today}, {"hour", 10}, {"purpose", "cafe"}, {"count", 12}},
                                      {{"date", today}, {"hour", 11}, {"purpose", "advice"}, {"count", 3}}}}};
    auto kiosk = client();
    ASSERT_EQ(kiosk.request("POST", "/api/v1/footfall", counts.dump(), "application/json", bearer(token)).status, 200);
    // Sent again after a lost reply: replaced, not doubled.
    ASSERT_EQ(kiosk.request("POST", "/api/v1/footfall", counts.dump(), "application/json", bearer(token)).status, 200);
    auto chart = admin().get("/api/admin/sites/ashby/footfall?days=7").json();
    ASSERT_EQ(chart["counts"].size(), 2u);
    EXPECT_EQ(chart["counts"][0]["count"], 12); // date, hour, purpose order
    nlohmann::json bad{{"counts", {{{"date", "2026-02-30"}, {"hour", 10}, {"purpose", "cafe"}, {"count", 1}}}}};
    EXPECT_EQ(kiosk.request("POST", "/api/v1/footfall", bad.dump(), "application/json", bearer(token)).status, 400);
}

TEST_F(KioskApiTest, SpecialsFromStaffModeAreIdempotentByClientUuid)
{
    auto token = pair_screen("ashby", "cafe");
    nlohmann::json post{{"client_uuid", "0b5e7c1a-4a44-4f0e-9a39-0a8d6b1f2c3d"},
                        {"special", {{"id", "soup"}, {"name", "Soup"}, {"price_pence", 300}}}};
    auto kiosk = client();
    auto first = kiosk.request("POST", "/api/v1/specials", post.dump(), "application/json", bearer(token));
    ASSERT_EQ(first.status, 200) << first.body;
    auto version = m_repository->content_version("ashby");
    auto again = kiosk.request("POST", "/api/v1/specials", post.dump(), "application/json", bearer(token));
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(m_repository->content_version("ashby"), version); // nothing changed the second time
    EXPECT_EQ(m_repository->items(ItemKind::Special, "ashby")->size(), 1u);
    post["client_uuid"] = "not-a-uuid";
    EXPECT_EQ(kiosk.request("POST", "/api/v1/specials", post.dump(), "application/json", bearer(token)).status, 400);
}

TEST_F(KioskApiTest, PublicKeyIsPublished)
{
    auto reply = client().get("/api/v1/key");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.json()["public_key"], m_key.public_key);
}

TEST_F(KioskApiTest, WhatsOnPageShowsTheWeekWithoutSignIn)
{
    auto now = m_repository->now();
    nlohmann::json event{{"id", "coffee"}, {"title", "Coffee <morning>"}, {"room", "cafe"},
                         {"start", coi::feed::format_instant_utc(now - 3600)},
                         {"end", coi::feed::format_instant_utc(now - 1800)}, {"rrule", "FREQ=DAILY"}};
    ASSERT_EQ(admin().post("/api/admin/sites/ashby/events", event).status, 201);
    auto page = client().get("/whats-on/ashby");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Coffee &lt;morning&gt;"), std::string::npos); // escaped
    EXPECT_NE(page.body.find("Today"), std::string::npos);
    EXPECT_EQ(client().get("/whats-on/nowhere").status, 404);
}

// A screen whose kiosk reads an older feed level: the Screens page says, in the feed level
// table's words, what of its site's content it cannot show.
TEST_F(KioskApiTest, TheScreensPageSaysWhatAnOlderScreenCannotShowOfTheContent)
{
    auto token = pair_screen("ashby", "reception");
    auto site = site_json("ashby");
    site["closed_dates"] = {"2026-12-25"};
    site["closed_reasons"] = {{"2026-12-25", "Christmas Day"}};
    ASSERT_EQ(admin().put("/api/admin/sites/ashby", site).status, 200);
    auto card = [&] { return admin().get("/api/admin/screens").json()["screens"][0]; };
    EXPECT_TRUE(card()["feed_level"].is_null()) << "not known before it polls";
    EXPECT_TRUE(card()["cannot_show"].empty());

    ASSERT_EQ(client().get("/api/v1/feed", bearer(token)).status, 200); // says no level: level 1
    auto older = card();
    EXPECT_EQ(older["feed_level"], 1);
    ASSERT_EQ(older["cannot_show"].size(), 1u) << older.dump();
    EXPECT_EQ(older["cannot_show"][0]["what"], "closed-day reasons");
    EXPECT_EQ(older["cannot_show"][0]["instead"], "left out: the day is still closed, without its reason");

    auto upgraded = bearer(token);
    upgraded["X-Feed-Level"] = std::to_string(coi::feed::kFeedLevel);
    ASSERT_EQ(client().get("/api/v1/feed", upgraded).status, 200);
    EXPECT_EQ(card()["feed_level"], coi::feed::kFeedLevel);
    EXPECT_TRUE(card()["cannot_show"].empty());
}
