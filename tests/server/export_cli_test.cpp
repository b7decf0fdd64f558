// The kiosk-content command line and the static export, run as a real process.
#include "content/feed/parse.h"
#include "content/feed/sign.h"
#include "content/server/demo.h"
#include "content/server/export.h"
#include "server_fixture.h"
#include "test_pictures.h"

#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace coi::server;
using namespace coi::server::test;

namespace {

std::string read_file(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Run {
    int exit_code = -1;
    std::string output;
};

// Runs kiosk-content with `args`, feeding `input` on standard input.
Run run_cli(const TempDir& dir, const std::string& args, const std::string& input = {})
{
    auto in_path = dir.path() + "/stdin.txt";
    auto out_path = dir.path() + "/stdout.txt";
    std::ofstream(in_path) << input;
    auto command = std::string(KIOSK_CONTENT_BINARY) + " " + args + " < " + in_path + " > " + out_path + " 2>&1";
    int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out_path)};
}

std::string trimmed(std::string text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
    return text;
}

} // namespace

TEST_F(ServerTest, ExportIsVerifiedWithThePublicKey)
{
    ASSERT_TRUE(m_repository->create_site(site_json("ashby")).ok());
    auto png = encode_png(red_left_blue_right(32, 16));
    auto media = m_repository->put_media("image/png", png);
    ASSERT_TRUE(media.ok());
    ASSERT_TRUE(m_repository->put_item(ItemKind::Notice, "ashby", {{"id", "n"}, {"title", "Hi"}, {"image", media->sha256}},
                                       WriteMode::Create).ok());
    TempDir out;
    auto summary = export_site(*m_repository, m_key, "ashby", out.path() + "/site");
    ASSERT_TRUE(summary.ok()) << summary.failure().message;
    auto bytes = read_file(out.path() + "/site/feed.json");
    auto signature = trimmed(read_file(out.path() + "/site/feed.json.sig"));
    auto key = trimmed(read_file(out.path() + "/site/public-key.txt"));
    EXPECT_EQ(key, m_key.public_key);
    EXPECT_TRUE(coi::feed::verify_bytes(bytes, signature, key).ok());
    EXPECT_FALSE(coi::feed::verify_bytes(bytes + " ", signature, key).ok());
    auto feed = coi::feed::parse_feed(bytes);
    ASSERT_TRUE(feed.ok());
    EXPECT_EQ(coi::feed::sha256_hex(read_file(out.path() + "/site/media/" + media->sha256)), media->sha256);
}

TEST(KioskContentCli, CreateAdminPublicKeySitesExportAndCheckConfig)
{
    TempDir dir;
    auto data = "--data " + dir.path() + "/data";
    auto created = run_cli(dir, data + " create-admin --user marian", "a very long password\n");
    EXPECT_EQ(created.exit_code, 0) << created.output;
    auto duplicate = run_cli(dir, data + " create-admin --user marian", "a very long password\n");
    EXPECT_NE(duplicate.exit_code, 0);
    auto weak = run_cli(dir, data + " create-admin --user jan", "short\n");
    EXPECT_NE(weak.exit_code, 0);
    EXPECT_NE(weak.output.find("10 characters"), std::string::npos) << weak.output;

    auto key = run_cli(dir, data + " public-key");
    EXPECT_EQ(key.exit_code, 0);
    EXPECT_EQ(trimmed(key.output).size(), 44u) << key.output; // base64 of 32 bytes

    std::ofstream(dir.path() + "/bad.toml") << "[server]\nlisten = \"127.0.0.1:8080\"\n\n[security]\nsecure_cookie = true\n";
    auto check = run_cli(dir, "--config " + dir.path() + "/bad.toml --check-config");
    EXPECT_NE(check.exit_code, 0);
    EXPECT_NE(check.output.find("bad.toml:5"), std::string::npos) << check.output;

    auto sites = run_cli(dir, data + " sites");
    EXPECT_EQ(sites.exit_code, 0);
    auto missing = run_cli(dir, data + " export --site nowhere --out " + dir.path() + "/out");
    EXPECT_NE(missing.exit_code, 0);
    EXPECT_NE(missing.output.find("nowhere"), std::string::npos);

    auto rotated = run_cli(dir, data + " rotate-key");
    EXPECT_EQ(rotated.exit_code, 0) << rotated.output;
    EXPECT_NE(trimmed(run_cli(dir, data + " public-key").output), trimmed(key.output));
}

TEST(KioskContentCli, ExampleConfigPassesCheck)
{
    TempDir dir;
    auto check = run_cli(dir, "--config " COI_REPO_DIR "/config/kiosk-content.example.toml --check-config");
    EXPECT_EQ(check.exit_code, 0) << check.output;
    EXPECT_EQ(check.output, COI_REPO_DIR "/config/kiosk-content.example.toml: ok\n");
    auto issue_form = run_cli(dir, "--check-config " COI_REPO_DIR "/config/kiosk-content.example.toml");
    EXPECT_EQ(issue_form.exit_code, 0) << issue_form.output;
    EXPECT_EQ(issue_form.output, check.output);
}

// `kiosk-content --check-config FILE` (as the kiosk has it) and
// `--config FILE --check-config` (as kiosk-content.service has it) say the same: every
// problem with its line, and a non-zero exit.
TEST(KioskContentCli, CheckConfigListsEveryProblemByLineInBothForms)
{
    TempDir dir;
    std::string path = dir.path() + "/bad.toml";
    std::ofstream(path) << "[server]\nlisten = \"localhost\"\nthreads = \"many\"\n[security]\nsecure_cookie = true\n"
                           "[ics]\ncaf\xc3\xa9 = 1\n";
    for (auto args : {"--check-config " + path, "--config " + path + " --check-config"}) {
        auto check = run_cli(dir, args);
        EXPECT_EQ(check.exit_code, 1) << args;
        // The non-ASCII key stops the check before toml++ reads the file: that problem alone.
        EXPECT_EQ(check.output, path + ":7: a character outside the ASCII range outside quotes; TOML allows letters like \xc3\xa9 or "
                                       "\xd1\x8f only inside \"quotes\" or after #\n") << args;
    }
    std::ofstream(path) << "[server]\nlisten = \"localhost\"\nthreads = \"many\"\n[security]\nsecure_cookie = true\n";
    for (auto args : {"--check-config " + path, "--config " + path + " --check-config"}) {
        auto check = run_cli(dir, args);
        EXPECT_EQ(check.exit_code, 1) << args;
        std::istringstream lines(check.output);
        std::vector<std::string> got;
        for (std::string line; std::getline(lines, line);)
            got.push_back(line.substr(0, line.find(": ", path.size() + 1)));
        EXPECT_EQ(got, (std::vector<std::string>{path + ":2", path + ":3", path + ":5"})) << check.output;
    }
    auto missing = run_cli(dir, "--check-config " + dir.path() + "/none.toml");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.output.find("cannot read config file"), std::string::npos) << missing.output;
    auto folder = run_cli(dir, "--check-config " + dir.path());
    EXPECT_EQ(folder.exit_code, 1) << folder.output;
    auto nothing = run_cli(dir, "--check-config");
    EXPECT_EQ(nothing.exit_code, 1) << nothing.output;
    auto two = run_cli(dir, "--config " COI_REPO_DIR "/config/kiosk-content.example.toml --check-config " + path);
    EXPECT_EQ(two.exit_code, 1) << two.output;
    EXPECT_NE(two.output.find("give one"), std::string::npos) << two.output;
}

TEST(DemoBuilding, LoadsWholeAsOneVersionWithAFreshPassword)
{
    if (!demo_available())
        GTEST_SKIP() << "built without content/sample";
    TempDir dir;
    auto repository = Repository::open(dir.path() + "/content.db");
    ASSERT_TRUE(repository.ok());
    auto first = load_demo(**repository);
    ASSERT_TRUE(first.ok()) << first.failure().message;
    auto sites = (*repository)->sites();
    ASSERT_EQ(sites.size(), 1u);
    EXPECT_EQ(sites[0].content_version, 1);
    auto feed = (*repository)->assemble_feed(sites[0].id, std::nullopt);
    ASSERT_TRUE(feed.ok());
    EXPECT_GT(feed->events.size(), 5u);
    EXPECT_FALSE(feed->media.empty());
    auto second = load_demo(**repository); // a restart: same building, new password
    ASSERT_TRUE(second.ok());
    EXPECT_NE(*first, *second);
    EXPECT_TRUE((*repository)->check_password("admin", *second).ok());
    EXPECT_FALSE((*repository)->check_password("admin", *first).ok());
    EXPECT_EQ((*repository)->sites()[0].content_version, 1);
}
