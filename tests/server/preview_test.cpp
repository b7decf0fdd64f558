// Specification of the live preview's bounds: the kiosk program is named in the config (and
// its absence said plainly), runs once per content version, role and page, one at a time,
// and is stopped at its time and memory limits. A stand-in kiosk (a shell script) records
// how it was run; the real kiosk drawing a real preview is tests/web/agree.spec.mjs.
#include "server_fixture.h"

#include "content/server/preview.h"
#include "test_pictures.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

using namespace coi::server;
using namespace coi::server::test;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

class PreviewTest : public ServerTest {
protected:
    void SetUp() override
    {
        ServerTest::SetUp();
        ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
        m_tools = fs::path(m_dir->path()) / "tools";
        fs::create_directories(m_tools);
        // Writes a PNG's first bytes where --screenshot says, and records each run: its
        // arguments and the address-space limit it ran under. With "slow" present it says it
        // started and then waits far longer than any preview may take.
        m_kiosk = (m_tools / "kiosk").string();
        std::ofstream script(m_kiosk);
        script << "#!/bin/sh\n"
               << "echo \"$* limit=$(ulimit -v)\" >> '" << (m_tools / "runs").string() << "'\n"
               << "if [ -e '" << (m_tools / "slow").string() << "' ]; then touch '" << (m_tools / "started").string() << "'; sleep 60; fi\n"
               << "while [ $# -gt 0 ]; do if [ \"$1\" = --screenshot ]; then out=$2; fi; if [ \"$1\" = --feed ]; then feed=$2; fi; if [ \"$1\" = --config ]; "
                  "then config=$2; fi; shift; done\n"
               << "cp \"${feed#file://}\" '" << (m_tools / "feed.json").string() << "'\n"
               << "cp \"$config\" '" << (m_tools / "config.toml").string() << "'\n"
               << "printf '\\211PNG\\r\\n\\032\\nstand-in' > \"$out\"\n";
        script.close();
        ::chmod(m_kiosk.c_str(), 0755);
    }
    std::vector<std::string> runs() const
    {
        std::vector<std::string> lines;
        std::istringstream in(read_text(m_tools / "runs"));
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        return lines;
    }
    // The feed the kiosk was last given, as it read it.
    nlohmann::json last_feed() const { return nlohmann::json::parse(read_text(m_tools / "feed.json"), nullptr, false); }
    // The server again, now configured to draw previews with the stand-in kiosk.
    void restart_with_kiosk()
    {
        m_server->stop();
        m_thread.join();
        m_config.preview_kiosk_binary = m_kiosk;
        m_server = std::make_unique<HttpServer>(m_config, *m_repository, *m_feeds);
        auto port = m_server->bind("127.0.0.1", 0);
        ASSERT_TRUE(port.ok());
        m_port = *port;
        m_thread = std::thread([this] { m_server->run(); });
        for (int i = 0; i < 200 && client().get("/healthz").status != 200; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    static nlohmann::json notice_json(const std::string& id, const std::string& title) { return {{"id", id}, {"title", title}, {"body", "Bring a friend"}}; }
    fs::path m_tools;
    std::string m_kiosk;
};

bool has_item(const nlohmann::json& feed, const std::string& list, const std::string& id)
{
    for (auto& item : feed.value(list, nlohmann::json::array()))
        if (item.value("id", "") == id)
            return true;
    return false;
}

} // namespace

TEST_F(PreviewTest, WithoutAKioskProgramItSaysWhatToInstallOrSet)
{
    Previewer none("", m_dir->path());
    auto picture = none.draw(*m_feeds, *m_repository, {"ashby"});
    EXPECT_EQ(picture.refusal, PreviewRefusal::NoKiosk);
    EXPECT_NE(picture.message.find("kiosk_binary"), std::string::npos) << picture.message;
    Previewer missing("/nowhere/kiosk", m_dir->path());
    picture = missing.draw(*m_feeds, *m_repository, {"ashby"});
    EXPECT_EQ(picture.refusal, PreviewRefusal::NoKiosk);
    EXPECT_NE(picture.message.find("/nowhere/kiosk"), std::string::npos) << picture.message;
    // Through the API: a 503 saying so, and the admin's status call says it before anyone asks.
    auto a = admin();
    auto reply = a.get("/api/admin/sites/ashby/preview?role=cafe&page=cafe");
    EXPECT_EQ(reply.status, 503);
    EXPECT_EQ(reply.json()["code"], "no_kiosk");
    EXPECT_EQ(a.get("/api/admin/preview").json()["available"], false);
}

TEST_F(PreviewTest, TheKioskDrawsTheRolesFeedOncePerContentVersionAndPage)
{
    Previewer preview(m_kiosk, m_dir->path());
    PreviewRequest cafe{"ashby", "cafe", "cafe"};
    auto first = preview.draw(*m_feeds, *m_repository, cafe);
    ASSERT_TRUE(first.png) << first.message;
    EXPECT_EQ(first.png->substr(1, 3), "PNG");
    auto again = preview.draw(*m_feeds, *m_repository, cafe);
    ASSERT_TRUE(again.png);
    EXPECT_EQ(preview.drawings(), 1) << "the same content is drawn once";
    ASSERT_EQ(runs().size(), 1u);
    auto run = runs()[0];
    for (const std::string& part :
        std::vector<std::string>{"--feed file://", "--feed-key " + m_key.public_key, "--sync-once", "--page cafe", "--size 1280x720", "--config "})
        EXPECT_NE(run.find(part), std::string::npos) << part << " in " << run;
    EXPECT_NE(read_text(m_tools / "config.toml").find("screen_role = \"cafe\""), std::string::npos)
        << "the kiosk keeps to the role it draws for: " << read_text(m_tools / "config.toml");
    EXPECT_TRUE(preview.draw(*m_feeds, *m_repository, {"ashby", "cafe", "week"}).png);
    EXPECT_EQ(preview.drawings(), 2) << "another page is another picture";
    // Saved content is a new version: drawn afresh.
    ASSERT_TRUE(m_repository->update_site("ashby", site_json("ashby", "Ashby Hill Centre")).ok());
    EXPECT_TRUE(preview.draw(*m_feeds, *m_repository, cafe).png);
    EXPECT_EQ(preview.drawings(), 3);
    for (auto& entry : fs::directory_iterator(m_dir->path()))
        EXPECT_NE(entry.path().filename().string().rfind("preview-", 0), 0u) << "scratch folders are removed: " << entry.path();
}

TEST_F(PreviewTest, OneAtATimeAndStoppedAtItsTimeAndMemoryLimits)
{
    std::ofstream(m_tools / "slow") << "1";
    Previewer preview(m_kiosk, m_dir->path(), {2, 512LL << 20});
    auto slow = std::async(std::launch::async, [&] { return preview.draw(*m_feeds, *m_repository, {"ashby"}); });
    for (int i = 0; i < 400 && !fs::exists(m_tools / "started"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_TRUE(fs::exists(m_tools / "started"));
    auto second = preview.draw(*m_feeds, *m_repository, {"ashby", "reception", "week"});
    EXPECT_EQ(second.refusal, PreviewRefusal::Busy) << "a second drawing waits for none: it is told to come back";
    auto first = slow.get();
    EXPECT_FALSE(first.png);
    EXPECT_NE(first.message.find("more than 2 s"), std::string::npos) << first.message;
    ASSERT_EQ(runs().size(), 1u);
    EXPECT_NE(runs()[0].find("limit=" + std::to_string(512 * 1024)), std::string::npos) << runs()[0];
}

// [SECTION] Unsaved edits

TEST_F(PreviewTest, ADraftIsAssembledAsSavedWouldBeAndNothingIsWritten)
{
    ASSERT_TRUE(m_repository->put_item(ItemKind::Notice, "ashby", notice_json("quiz", "Quiz night"), WriteMode::Create).ok());
    auto version = m_repository->content_version("ashby");
    auto edited = notice_json("quiz", "Quiz night moved to Friday");
    auto draft = m_repository->draft_feed(ItemKind::Notice, "ashby", edited, WriteMode::Replace, std::string("cafe"));
    ASSERT_TRUE(draft.ok()) << draft.failure().message;
    ASSERT_EQ(draft->notices.size(), 1u);
    EXPECT_EQ(draft->notices[0].title.get("en"), "Quiz night moved to Friday");
    auto added = m_repository->draft_feed(ItemKind::Notice, "ashby", notice_json("raffle", "Raffle"), WriteMode::Create, std::nullopt);
    ASSERT_TRUE(added.ok()) << added.failure().message;
    EXPECT_EQ(added->notices.size(), 2u);
    // Nothing stored and no version spent: screens polling meanwhile see the saved content.
    EXPECT_EQ(m_repository->content_version("ashby"), version);
    auto stored = m_repository->items(ItemKind::Notice, "ashby");
    ASSERT_TRUE(stored.ok());
    ASSERT_EQ(stored->size(), 1u);
    EXPECT_EQ((*stored)[0].item["title"], "Quiz night");
    // Refused as a save would be, naming the field.
    auto bad = notice_json("quiz", "Quiz night");
    bad["show_until"] = "next Friday";
    auto refused = m_repository->draft_feed(ItemKind::Notice, "ashby", bad, WriteMode::Replace, std::nullopt);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.failure().message.find("show_until"), std::string::npos) << refused.failure().message;
    EXPECT_EQ(refused.failure().message, m_repository->put_item(ItemKind::Notice, "ashby", bad, WriteMode::Replace).failure().message);
    EXPECT_FALSE(m_repository->draft_feed(ItemKind::Notice, "ashby", notice_json("quiz", "Again"), WriteMode::Create, std::nullopt).ok())
        << "a new item may not take a stored item's id";
}

TEST_F(PreviewTest, TheDraftRouteDrawsTheEditForTheRoleAndStoresNothing)
{
    restart_with_kiosk();
    ASSERT_TRUE(m_repository->put_item(ItemKind::Event, "ashby", event_json("bingo"), WriteMode::Create).ok());
    auto version = m_repository->content_version("ashby");
    auto a = admin();
    auto event = event_json("bingo");
    event["title"] = "Bingo Bonanza";
    auto reply = a.post("/api/admin/sites/ashby/preview/events/bingo?role=cafe&page=week&size=390x844", event);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("content-type"), "image/png");
    EXPECT_EQ(reply.body.substr(1, 3), "PNG");
    ASSERT_EQ(runs().size(), 1u);
    EXPECT_NE(runs()[0].find("--page week"), std::string::npos) << runs()[0];
    EXPECT_NE(runs()[0].find("--size 390x844"), std::string::npos) << runs()[0];
    auto given = last_feed();
    ASSERT_TRUE(given.contains("events")) << given.dump();
    EXPECT_EQ(given["events"][0]["title"], "Bingo Bonanza") << "the kiosk drew the draft";
    EXPECT_EQ(m_repository->content_version("ashby"), version);
    EXPECT_EQ(m_repository->items(ItemKind::Event, "ashby")->at(0).item["title"], "Bingo");
    // A notice only for the hall is not on the café's screens, as once saved.
    auto hall_only = notice_json("choir", "Choir");
    hall_only["screens"] = {"hall"};
    ASSERT_EQ(a.post("/api/admin/sites/ashby/preview/notices?role=cafe", hall_only).status, 200);
    EXPECT_FALSE(has_item(last_feed(), "notices", "choir"));
    EXPECT_NE(runs().back().find("--page notices"), std::string::npos) << "a notice opens on the notices page";
    ASSERT_TRUE(m_repository->put_item(ItemKind::Notice, "ashby", notice_json("aa-first", "First by id"), WriteMode::Create).ok());
    ASSERT_EQ(a.post("/api/admin/sites/ashby/preview/notices?role=hall", hall_only).status, 200);
    ASSERT_TRUE(has_item(last_feed(), "notices", "choir"));
    EXPECT_FALSE(has_item(last_feed(), "notices", "aa-first")) << "the notices page takes turns by the clock: only the notice being edited is drawn there";
    auto urgent = notice_json("closed-early", "Closing at 3 today");
    urgent["urgent"] = true;
    urgent["show_until"] = "2099-01-01T00:00:00Z";
    ASSERT_TRUE(m_repository->put_item(ItemKind::Notice, "ashby", urgent, WriteMode::Create).ok());
    ASSERT_EQ(a.post("/api/admin/sites/ashby/preview/notices?role=hall", hall_only).status, 200);
    EXPECT_TRUE(has_item(last_feed(), "notices", "closed-early")) << "an urgent banner is on every page: it stays";
    // An event's preview leaves the notices as they are.
    ASSERT_EQ(a.post("/api/admin/sites/ashby/preview/events/bingo", event).status, 200);
    EXPECT_TRUE(has_item(last_feed(), "notices", "aa-first"));
    EXPECT_EQ(m_repository->items(ItemKind::Notice, "ashby")->size(), 2u) << "only the notices saved outright";
    for (auto& entry : fs::directory_iterator(m_dir->path()))
        EXPECT_NE(entry.path().filename().string().rfind("preview-", 0), 0u) << "scratch folders are removed: " << entry.path();
}

TEST_F(PreviewTest, ADraftASaveWouldRefuseIsRefusedAtItsFieldAndNotDrawn)
{
    restart_with_kiosk();
    auto a = admin();
    auto backwards = event_json("bingo");
    backwards["end"] = "2026-11-24T17:00:00Z";
    auto reply = a.post("/api/admin/sites/ashby/preview/events", backwards);
    EXPECT_EQ(reply.status, 400) << reply.body;
    EXPECT_EQ(reply.json()["error"], a.post("/api/admin/sites/ashby/events", backwards).json()["error"]);
    EXPECT_NE(reply.json()["error"].get<std::string>().find("field \"end\""), std::string::npos) << reply.body;
    auto nowhere = event_json("bingo");
    nowhere["room"] = "attic";
    EXPECT_EQ(a.post("/api/admin/sites/ashby/preview/events", nowhere).status, 400);
    EXPECT_EQ(a.post("/api/admin/sites/ashby/preview/notices/nosuch", notice_json("nosuch", "Gone")).status, 404);
    EXPECT_EQ(a.post("/api/admin/sites/ashby/preview/notices?page=attic", notice_json("n", "N")).status, 400);
    EXPECT_TRUE(runs().empty()) << "nothing refused reaches the kiosk";
    // Only someone who could save it, with the CSRF token a save needs.
    ASSERT_TRUE(m_repository->create_site(site_json("other")).ok());
    auto stranger = signed_in("elsewhere", Role::Coordinator, {"other"});
    EXPECT_EQ(stranger.post("/api/admin/sites/ashby/preview/notices", notice_json("n", "N")).status, 403);
    a.forget_csrf();
    EXPECT_EQ(a.post("/api/admin/sites/ashby/preview/notices", notice_json("n", "N")).status, 403);
    EXPECT_TRUE(runs().empty());
    EXPECT_TRUE(m_repository->items(ItemKind::Event, "ashby")->empty());
}

TEST_F(PreviewTest, ADraftIsBoundedLikeEveryPreviewAndNeverKept)
{
    std::ofstream(m_tools / "slow") << "1";
    Previewer preview(m_kiosk, m_dir->path(), {2, 512LL << 20});
    auto draft = m_repository->draft_feed(ItemKind::Notice, "ashby", notice_json("n", "N"), WriteMode::Create, std::nullopt);
    ASSERT_TRUE(draft.ok());
    auto slow = std::async(std::launch::async, [&] { return preview.draw_draft(*draft, m_key, *m_repository, {"ashby"}); });
    for (int i = 0; i < 400 && !fs::exists(m_tools / "started"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_TRUE(fs::exists(m_tools / "started"));
    EXPECT_EQ(preview.draw_draft(*draft, m_key, *m_repository, {"ashby"}).refusal, PreviewRefusal::Busy);
    auto first = slow.get();
    EXPECT_FALSE(first.png);
    EXPECT_NE(first.message.find("more than 2 s"), std::string::npos) << first.message;
    fs::remove(m_tools / "slow");
    ASSERT_TRUE(preview.draw_draft(*draft, m_key, *m_repository, {"ashby"}).png);
    ASSERT_TRUE(preview.draw_draft(*draft, m_key, *m_repository, {"ashby"}).png);
    EXPECT_EQ(runs().size(), 3u) << "a draft has no version to keep its picture under: each preview is drawn";
    for (auto& entry : fs::directory_iterator(m_dir->path()))
        EXPECT_NE(entry.path().filename().string().rfind("preview-", 0), 0u) << "scratch folders are removed, after a kill too: " << entry.path();
}

TEST_F(PreviewTest, ScratchFoldersLeftByAServerThatDiedAreRemovedAtStart)
{
    auto dead = fs::path(m_dir->path()) / "preview-2147483646-3";       // no such process
    auto running = fs::path(m_dir->path()) / "preview-1-7";             // process 1 always runs
    auto unrelated = fs::path(m_dir->path()) / "previews-kept-by-hand"; // not a scratch folder's name
    for (auto& folder : {dead, running, unrelated}) {
        fs::create_directories(folder / "feed");
        std::ofstream(folder / "feed" / "feed.json") << "{}";
    }
    Previewer preview(m_kiosk, m_dir->path());
    EXPECT_FALSE(fs::exists(dead));
    EXPECT_TRUE(fs::exists(running)) << "another server on this folder may still be drawing";
    EXPECT_TRUE(fs::exists(unrelated));
}

// [SECTION] Picture re-crop

TEST_F(PreviewTest, ASavedPictureIsCroppedAgainFromTheStoredPicture)
{
    auto stored = m_repository->put_media("image/png", encode_png(test::red_left_blue_right(800, 400)));
    ASSERT_TRUE(stored.ok()) << stored.failure().message;
    auto a = admin();
    auto reply = a.post("/api/admin/media/" + stored->sha256 + "/crop?crop=0,0,0.5,1", nlohmann::json::object());
    ASSERT_EQ(reply.status, 201) << reply.body;
    auto cropped = m_repository->media(reply.json()["sha256"]);
    ASSERT_TRUE(cropped);
    auto picture = decode_picture(cropped->bytes);
    ASSERT_TRUE(picture.ok()) << picture.failure().message;
    EXPECT_EQ(picture->width, 400);
    EXPECT_EQ(picture->height, 400);
    EXPECT_TRUE(test::reddish(test::pixel(*picture, 390, 200))) << "only the red half is kept";
    EXPECT_TRUE(m_repository->media(stored->sha256)) << "the old picture stays for whatever still uses it";
    EXPECT_EQ(a.post("/api/admin/media/" + std::string(64, 'a') + "/crop?crop=0,0,0.5,1", nlohmann::json::object()).status, 404);
    EXPECT_EQ(a.post("/api/admin/media/" + stored->sha256 + "/crop?crop=0,0,2,1", nlohmann::json::object()).status, 400);
    EXPECT_EQ(a.post("/api/admin/media/" + stored->sha256 + "/crop", nlohmann::json::object()).status, 400);
    auto cafe = signed_in("till", Role::Cafe, {"ashby"});
    EXPECT_EQ(cafe.post("/api/admin/media/" + stored->sha256 + "/crop?crop=0,0,0.5,1", nlohmann::json::object()).status, 403);
}
