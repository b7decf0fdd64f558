// Bad input anywhere: a 4xx with a JSON error naming the problem, and nothing half-written.
#include "content/feed/sign.h"
#include "server_fixture.h"
#include "test_pictures.h"

using namespace coi::server;
using namespace coi::server::test;

class BadInputTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        m_version = *m_repository->content_version("ashby");
    }
    // The reply is a JSON error with this status whose message mentions `needle`, and the
    // site's content did not change.
    void expect_refused(const Reply& reply, long status, const std::string& needle)
    {
        EXPECT_EQ(reply.status, status) << reply.body;
        auto doc = reply.json();
        ASSERT_TRUE(doc.is_object()) << reply.body;
        auto message = doc.value("error", std::string{});
        EXPECT_NE(message.find(needle), std::string::npos) << message;
        EXPECT_EQ(*m_repository->content_version("ashby"), m_version);
    }
    std::int64_t m_version = 0;
};

TEST_F(BadInputTest, MalformedJsonIsRefused)
{
    auto a = admin();
    expect_refused(a.request("POST", "/api/admin/sites/ashby/events", "{\"id\": \"x\",", "application/json"), 400, "not valid JSON");
    expect_refused(a.request("POST", "/api/admin/sites/ashby/events", "[1,2]", "application/json"), 400, "JSON object");
    expect_refused(a.request("POST", "/api/admin/sites/ashby/events", "id=x", "application/x-www-form-urlencoded"), 400, "application/json");
}

TEST_F(BadInputTest, JsonOver1MBIsRefused)
{
    auto event = event_json("big");
    event["description"] = std::string(1100 * 1024, 'a');
    expect_refused(admin().post("/api/admin/sites/ashby/events", event), 413, "1 MB");
}

TEST_F(BadInputTest, MediaOver10MBIsRefused)
{
    std::string big = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(11 * 1024 * 1024, 'x');
    auto reply = admin().request("POST", "/api/admin/media", big, "image/png");
    EXPECT_EQ(reply.status, 413);
    EXPECT_TRUE(reply.json().is_object()) << reply.body;
}

TEST_F(BadInputTest, MediaMustBeWhatItSaysItIs)
{
    auto a = admin();
    expect_refused(a.request("POST", "/api/admin/media", "<html>hi</html>", "image/png"), 400, "not a picture the server can read");
    expect_refused(a.request("POST", "/api/admin/media", "GIF89a", "image/gif"), 400, "JPEG, PNG, HEIC or WebP");
}

// An uploaded SVG is refused in words, whatever type it is sent as: it would be stored and
// served as sent, to every screen and browser, with its scripts, its links out and its entities.
TEST_F(BadInputTest, AnSvgIsRefusedInPlainWordsAndNeitherStoredNorServed)
{
    auto a = admin();
    const std::string script = R"(<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>fetch('/api/admin/users')</script><rect width="10" height="10"/></svg>)";
    const std::string external = R"(<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><image xlink:href="http://198.51.100.7/track.png" width="10" height="10"/></svg>)";
    std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
        for (int j = 0; j < 10; ++j)
            laughs += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
        laughs += "\">\n";
    }
    laughs += "]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lol9;</text></svg>";
    for (const auto& svg : {script, external, laughs})
        for (auto type : {"image/svg+xml", "application/octet-stream", "image/png"}) {
            auto reply = a.request("POST", "/api/admin/media", svg, type);
            expect_refused(reply, 400, "SVG drawings are not taken");
            EXPECT_NE(reply.json()["error"].get<std::string>().find("Save it as a PNG"), std::string::npos) << reply.body;
            EXPECT_EQ(client().get("/api/v1/media/" + coi::feed::sha256_hex(svg)).status, 404) << type;
        }
}

// Magic bytes are not a picture: the whole file is decoded, and what is not a picture is not stored.
TEST_F(BadInputTest, HtmlBehindJpegMagicBytesIsNotStored)
{
    auto a = admin();
    const std::string html = std::string("\xff\xd8\xff\xe0<html><script>alert(1)</script></html>");
    expect_refused(a.request("POST", "/api/admin/media", html, "image/jpeg"), 400, "could not be read");
    EXPECT_EQ(client().get("/api/v1/media/" + coi::feed::sha256_hex(html)).status, 404);
    expect_refused(a.request("POST", "/api/admin/media", png_claiming(20000, 20000), "image/png"), 400, "20000 x 20000 pixels");
}

TEST_F(BadInputTest, UnknownFieldIsRefusedByName)
{
    auto event = event_json("bingo");
    event["colour"] = "red";
    expect_refused(admin().post("/api/admin/sites/ashby/events", event), 400, "colour");
    expect_refused(admin().post("/api/admin/login", {{"name", "a"}, {"password", "b"}, {"remember", true}}), 400, "remember");
}

TEST_F(BadInputTest, WrongTypeIsNamed)
{
    auto special = nlohmann::json{{"id", "soup"}, {"name", "Soup"}, {"price_pence", "3.50"}};
    expect_refused(admin().post("/api/admin/sites/ashby/specials", special), 400, "price_pence");
    expect_refused(admin().post("/api/admin/users", {{"name", "x"}, {"password", 1234567890}, {"role", "cafe"}}), 400, "password");
}

TEST_F(BadInputTest, InvalidRruleIsRefusedAndNothingWritten)
{
    expect_refused(admin().post("/api/admin/sites/ashby/events", event_json("bingo", "FREQ=SOMETIMES")), 400, "rrule");
    EXPECT_TRUE(m_repository->items(ItemKind::Event, "ashby")->empty());
}

TEST_F(BadInputTest, EventInAnUnknownRoomIsRefused)
{
    auto event = event_json("bingo");
    event["room"] = "ballroom";
    expect_refused(admin().post("/api/admin/sites/ashby/events", event), 400, "ballroom");
}

TEST_F(BadInputTest, RemovingARoomStillInUseIsRefusedWhole)
{
    auto a = admin();
    ASSERT_EQ(a.post("/api/admin/sites/ashby/events", event_json("bingo")).status, 201);
    m_version = *m_repository->content_version("ashby");
    auto site = site_json("ashby", "New name");
    site["rooms"] = {{{"id", "cafe"}, {"name", "Café"}}};
    expect_refused(a.put("/api/admin/sites/ashby", site), 400, "hall");
    EXPECT_EQ(m_repository->site("ashby")->site["name"], "Ashby Hill"); // the rename did not half-happen
}

TEST_F(BadInputTest, UnknownTimeZoneIsRefused)
{
    auto site = site_json("carlton");
    site["timezone"] = "Europe/Ashby";
    auto reply = admin().post("/api/admin/sites", site);
    EXPECT_EQ(reply.status, 400);
    EXPECT_FALSE(m_repository->site("carlton").ok());
}

TEST_F(BadInputTest, PathTraversalFindsNothing)
{
    auto c = client();
    for (auto path : {"/admin/..%2f..%2fcontent.db", "/admin/../../etc/passwd", "/api/v1/media/..%2fcontent.db",
                      "/admin/%2e%2e/signing.key", "/whats-on/..%2f..", "/api/v1/media/../../signing.key"}) {
        auto reply = c.get(path);
        EXPECT_GE(reply.status, 400) << path;
        EXPECT_LT(reply.status, 500) << path;
        EXPECT_EQ(reply.body.find("PRIVATE"), std::string::npos);
        EXPECT_EQ(reply.body.find(m_key.secret_key), std::string::npos) << path;
    }
    auto a = admin();
    EXPECT_EQ(a.post("/api/admin/sites/..%2fashby/events", event_json("x")).status, 404);
    EXPECT_EQ(a.put("/api/admin/sites/ashby/events/..%2f..", event_json("x")).status, 404);
}

TEST_F(BadInputTest, DuplicateIdIsAConflict)
{
    auto a = admin();
    ASSERT_EQ(a.post("/api/admin/sites/ashby/events", event_json("bingo")).status, 201);
    m_version = *m_repository->content_version("ashby");
    expect_refused(a.post("/api/admin/sites/ashby/events", event_json("bingo")), 409, "already");
}

TEST_F(BadInputTest, UnknownRouteIsAJsonNotFound)
{
    auto reply = client().get("/api/v1/nothing-here");
    EXPECT_EQ(reply.status, 404);
    EXPECT_EQ(reply.json()["code"], "not_found");
}

TEST_F(BadInputTest, UrgentNoticeWithoutAnEndIsRefused)
{
    expect_refused(admin().post("/api/admin/sites/ashby/notices", {{"id", "fire"}, {"title", "Fire drill"}, {"urgent", true}}),
                   400, "end time");
    expect_refused(admin().post("/api/admin/sites/ashby/notices", {{"id", "fire"}, {"title", "Fire drill"}, {"urgent", "yes"}}),
                   400, "urgent");
}

TEST_F(BadInputTest, WrongTypesInsideItemsAreNamed)
{
    auto event = event_json("bingo");
    event["start"] = 1764000000;
    expect_refused(admin().post("/api/admin/sites/ashby/events", event), 400, "start");
    auto special = nlohmann::json{{"id", "soup"}, {"name", "Soup"}, {"price_pence", 300}, {"allergens", {"cheese"}}};
    expect_refused(admin().post("/api/admin/sites/ashby/specials", special), 400, "cheese");
}

// Cancelling a date the series never falls on would strike nothing through on any screen.
TEST_F(BadInputTest, ADateTheSeriesNeverFallsOnCannotBeCancelled)
{
    auto a = admin();
    ASSERT_EQ(a.post("/api/admin/sites/ashby/events", event_json("bingo", "FREQ=WEEKLY;BYDAY=TU")).status, 201);
    m_version = *m_repository->content_version("ashby");
    expect_refused(a.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-12-02"}}), 400,
                   "\"Bingo\" is not on 2026-12-02");                                                          // a Wednesday
    expect_refused(a.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-11-17"}}), 400, "is not on"); // before it starts
    EXPECT_EQ(a.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-12-08"}}).status, 200);
    // Taking a cancellation back is always allowed: it only removes a date.
    EXPECT_EQ(a.post("/api/admin/sites/ashby/events/bingo/cancel", {{"date", "2026-12-02"}, {"cancelled", false}}).status, 200);
}

TEST_F(BadInputTest, ACoordinatorLooksAfterAtLeastOneBuilding)
{
    auto a = admin();
    nlohmann::json person{{"name", "sam"}, {"password", "a long enough password"}, {"role", "coordinator"}, {"sites", nlohmann::json::array()}};
    expect_refused(a.post("/api/admin/users", person), 400, "a coordinator looks after at least one building");
    person.erase("sites");
    expect_refused(a.post("/api/admin/users", person), 400, "at least one building");
    person["sites"] = {"ashby"};
    EXPECT_EQ(a.post("/api/admin/users", person).status, 201);
}
