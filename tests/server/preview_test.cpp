// Specification of the live preview's bounds: the kiosk program is named in the config (and
// its absence said plainly), runs once per content version, role and page, one at a time,
// and is stopped at its time and memory limits. A stand-in kiosk (a shell script) records
// how it was run; the real kiosk drawing a real preview is tests/web/agree.spec.mjs.
#include "server_fixture.h"

#include "content/server/preview.h"

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
               << "while [ $# -gt 0 ]; do if [ \"$1\" = --screenshot ]; then out=$2; fi; shift; done\n"
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
    fs::path m_tools;
    std::string m_kiosk;
};

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
    for (const std::string& part : std::vector<std::string>{"--feed file://", "--feed-key " + m_key.public_key, "--sync-once", "--page cafe", "--size 1280x720"})
        EXPECT_NE(run.find(part), std::string::npos) << part << " in " << run;
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
