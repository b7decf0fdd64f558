#include "content/server/config.h"
#include "content/server/signing_key.h"
#include "content/feed/sign.h"
#include "server_fixture.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

using namespace coi::server;

TEST(ServerConfig, EmptyFileGivesSafeDefaults)
{
    auto config = parse_config("", "empty.toml");
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->listen, "127.0.0.1:8080");
    EXPECT_EQ(config->login_attempts_per_minute, 5);
    EXPECT_EQ(config->ics_refresh_minutes, 15);
}

TEST(ServerConfig, AnonymousCountsAreKeptSevenYearsUnlessTheConfigSays)
{
    EXPECT_EQ(parse_config("", "empty.toml")->keep_counts_years, 7);
    EXPECT_EQ(parse_config("[counts]\nkeep_years = 3\n", "k.toml")->keep_counts_years, 3);
    auto never = parse_config("[counts]\nkeep_years = 0\n", "k.toml");
    ASSERT_FALSE(never.ok());
    EXPECT_NE(never.failure().message.find("keep_years"), std::string::npos) << never.failure().message;
}

TEST(ServerConfig, UnknownKeyIsRefusedWithItsLine)
{
    auto config = parse_config("[server]\nlisten = \"127.0.0.1:9000\"\nsecure_cookie = true\n", "k.toml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.failure().message.find("k.toml:3"), std::string::npos) << config.failure().message;
    EXPECT_NE(config.failure().message.find("secure_cookie"), std::string::npos);
}

TEST(ServerConfig, UnknownSectionIsRefusedWithItsLine)
{
    auto check = check_config("[server]\nthreads = 4\n\n[securty]\nsecure_cookies = true\n");
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_EQ(check.problems[0].line, 4);
    EXPECT_NE(check.problems[0].message.find("unknown section [securty]"), std::string::npos) << check.problems[0].message;
}

TEST(ServerConfig, WrongTypeNamesTheKeyAndLine)
{
    auto config = parse_config("[security]\n\nsession_hours = \"twelve\"\n", "k.toml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.failure().message.find("k.toml:3"), std::string::npos) << config.failure().message;
    EXPECT_NE(config.failure().message.find("session_hours"), std::string::npos);
    EXPECT_NE(config.failure().message.find("whole number"), std::string::npos);
}

TEST(ServerConfig, ValueOutOfRangeSaysTheRangeAndLine)
{
    auto check = check_config("[screens]\noffline_after_seconds = 5\n");
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_EQ(check.problems[0].line, 2);
    EXPECT_NE(check.problems[0].message.find("between 10 and 86400"), std::string::npos) << check.problems[0].message;
    EXPECT_EQ(check.config.offline_after_seconds, 180) << "a refused value leaves the default";
}

TEST(ServerConfig, SyntaxErrorGivesLine)
{
    auto config = parse_config("[server]\nlisten = \n", "k.toml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.failure().message.find("k.toml:2"), std::string::npos) << config.failure().message;
    auto check = check_config("[server]\nthreads = 4\n\n[ics\nrefresh_minutes = 5\n");
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_EQ(check.problems[0].line, 4);
}

TEST(ServerConfig, BadListenAddressIsRefusedOnItsLine)
{
    auto check = check_config("# where\n[server]\nlisten = \"localhost\"\n");
    ASSERT_EQ(check.problems.size(), 1u);
    EXPECT_EQ(check.problems[0].line, 3);
    EXPECT_NE(check.problems[0].message.find("127.0.0.1:8080"), std::string::npos) << check.problems[0].message;
    EXPECT_FALSE(parse_config("[server]\nlisten = \"localhost\"\n", "k.toml").ok());
    EXPECT_FALSE(parse_listen("127.0.0.1:99999").ok());
    auto ok = parse_listen("[::1]:8080");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->host, "::1");
}

TEST(ServerConfig, EveryProblemIsListedEachWithItsLine)
{
    auto text = "[server]\n"                          // 1
                "listen = \"nowhere\"\n"              // 2: bad value
                "threads = \"many\"\n"                // 3: wrong type
                "data_dir = \"/srv/content\"\n"       // 4: fine
                "[security]\n"                        // 5
                "secure_cookie = true\n"              // 6: unknown key
                "session_hours = 0\n"                 // 7: out of range
                "[screen]\n"                          // 8: unknown section
                "offline_after_seconds = 60\n"        // 9: (inside the unknown section)
                "[ics]\n"                             // 10
                "allow_private_addresses = \"no\"\n"; // 11: wrong type
    auto check = check_config(text);
    std::vector<int> lines;
    for (auto& p : check.problems)
        lines.push_back(p.line);
    EXPECT_EQ(lines, (std::vector<int>{2, 3, 6, 7, 8, 11}));
    EXPECT_EQ(check.config.data_dir, "/srv/content") << "the good values are still read";
    auto failed = parse_config(text, "k.toml");
    ASSERT_FALSE(failed.ok());
    const std::string& message = failed.failure().message;
    for (auto line : {"k.toml:2: ", "k.toml:3: ", "k.toml:6: ", "k.toml:7: ", "k.toml:8: ", "k.toml:11: "})
        EXPECT_NE(message.find(line), std::string::npos) << line << " in\n" << message;
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 5) << "one line per problem";
}

// toml++ 3.3.0 (Debian 12) reaches __builtin_unreachable on some non-ASCII characters where
// TOML allows none: kiosk-content refuses them first, like the kiosk (content/feed/toml_text.h).
TEST(ServerConfig, NonAsciiOutsideQuotesIsAProblemOnItsLineNotACrash)
{
    for (const char* text : {"[server]\ncaf\xc3\xa9 = 1\n", "[server]\nweb_root = caf\xc3\xa9\n", "[server]\n\xc2\xa3x = 1\n",
             "[server]\nlisten = \xd1\x83\xd0\xba\xd1\x80\n", "[server]\nthreads = -888\"/caf\xc3\xa9\"\n"}) {
        auto check = check_config(text);
        ASSERT_EQ(check.problems.size(), 1u) << text;
        EXPECT_EQ(check.problems[0].line, 2) << text;
        EXPECT_NE(check.problems[0].message.find("quotes"), std::string::npos) << check.problems[0].message;
    }
}

TEST(ServerConfig, NonAsciiInStringsAndCommentsIsFine)
{
    auto check = check_config("# Serwer w kawiarni \xc5\x82\n[server] # \xd0\xbc\xd0\xbe\xd0\xb2\xd0\xb0\n"
                              "data_dir = \"/srv/caf\xc3\xa9\"\npublic_url = 'https://caf\xc3\xa9.example.org'\n");
    EXPECT_TRUE(check.problems.empty()) << (check.problems.empty() ? "" : check.problems[0].message);
    EXPECT_EQ(check.config.data_dir, "/srv/caf\xc3\xa9");
}

TEST(ServerConfig, NotifyTakesAWaitAndAnNchanPublisherWhichIsOffByDefault)
{
    auto defaults = parse_config("", "k.toml");
    ASSERT_TRUE(defaults.ok());
    EXPECT_EQ(defaults->wait_seconds, 25);
    EXPECT_EQ(defaults->nchan_publish_url, "");
    auto config = parse_config("[notify]\nwait_seconds = 40\nnchan_publish_url = \"http://127.0.0.1:8091/notify/pub/\"\n"
                               "nchan_subscribe_path = \"/signs/sub/\"\n",
                               "k.toml");
    ASSERT_TRUE(config.ok()) << config.failure().message;
    EXPECT_EQ(config->wait_seconds, 40);
    EXPECT_EQ(config->nchan_publish_url, "http://127.0.0.1:8091/notify/pub/");
    EXPECT_EQ(config->nchan_subscribe_path, "/signs/sub/");
}

TEST(ServerConfig, NotifyRefusesAWaitPastTheProxysTimeOutAndAddressesThatAreNotOne)
{
    auto check = check_config("[notify]\nwait_seconds = 90\nnchan_publish_url = \"127.0.0.1:8091\"\nnchan_subscribe_path = \"sub\"\n");
    ASSERT_EQ(check.problems.size(), 3u);
    EXPECT_EQ(check.problems[0].line, 2);
    EXPECT_NE(check.problems[0].message.find("between 5 and 55"), std::string::npos) << check.problems[0].message;
    EXPECT_EQ(check.problems[1].line, 3);
    EXPECT_NE(check.problems[1].message.find("http://"), std::string::npos) << check.problems[1].message;
    EXPECT_EQ(check.problems[2].line, 4);
}

TEST(ServerConfig, ExampleConfigHasNoProblems)
{
    auto text = read_config_file(COI_REPO_DIR "/config/kiosk-content.example.toml");
    ASSERT_TRUE(text.ok()) << text.failure().message;
    auto check = check_config(*text);
    EXPECT_TRUE(check.problems.empty()) << format_problems("example", check.problems);
}

TEST(ServerConfig, PreviewNamesTheKioskProgramAndIsOffWithout)
{
    EXPECT_EQ(check_config("").config.preview_kiosk_binary, "") << "no previews unless asked for";
    auto check = check_config("[preview]\nkiosk_binary = \"/usr/bin/kiosk\"\n");
    EXPECT_TRUE(check.problems.empty()) << format_problems("test", check.problems);
    EXPECT_EQ(check.config.preview_kiosk_binary, "/usr/bin/kiosk");
    auto typo = check_config("[preview]\nkiosk = \"/usr/bin/kiosk\"\n");
    ASSERT_EQ(typo.problems.size(), 1u);
    EXPECT_EQ(typo.problems[0].line, 2);
}

TEST(SigningKey, IsCreatedOnceWithMode0600)
{
    coi::server::test::TempDir dir;
    auto first = load_or_create_key(dir.path());
    ASSERT_TRUE(first.ok());
    struct stat info {};
    ASSERT_EQ(::stat(key_path(dir.path()).c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    auto second = load_or_create_key(dir.path());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(first->public_key, second->public_key);
}

TEST(SigningKey, RotationIsEndorsedByTheOldKey)
{
    coi::server::test::TempDir dir;
    auto old_key = load_or_create_key(dir.path());
    ASSERT_TRUE(old_key.ok());
    auto endorsement = rotate_key(dir.path());
    ASSERT_TRUE(endorsement.ok()) << endorsement.failure().message;
    EXPECT_EQ(endorsement->previous_public_key, old_key->public_key);
    EXPECT_NE(endorsement->public_key, old_key->public_key);
    EXPECT_TRUE(coi::feed::verify_bytes(endorsement_message(endorsement->public_key), endorsement->signature,
                                        old_key->public_key).ok());
    auto current = load_key(dir.path());
    ASSERT_TRUE(current.ok());
    EXPECT_EQ(current->public_key, endorsement->public_key);
}
