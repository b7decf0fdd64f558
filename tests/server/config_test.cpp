#include "content/server/config.h"
#include "content/server/signing_key.h"
#include "content/feed/sign.h"
#include "server_fixture.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

using namespace coi::server;

TEST(ServerConfig, EmptyFileGivesSafeDefaults)
{
    auto config = parse_config("", "empty.toml");
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(config->listen, "127.0.0.1:8080");
    EXPECT_EQ(config->login_attempts_per_minute, 5);
    EXPECT_EQ(config->ics_refresh_minutes, 15);
}

TEST(ServerConfig, UnknownKeyIsRefusedWithItsLine)
{
    auto config = parse_config("[server]\nlisten = \"127.0.0.1:9000\"\nsecure_cookie = true\n", "k.toml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.failure().message.find("k.toml:3"), std::string::npos) << config.failure().message;
    EXPECT_NE(config.failure().message.find("secure_cookie"), std::string::npos);
}

TEST(ServerConfig, WrongTypeNamesTheKeyAndLine)
{
    auto config = parse_config("[security]\n\nsession_hours = \"twelve\"\n", "k.toml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.failure().message.find("k.toml:3"), std::string::npos) << config.failure().message;
    EXPECT_NE(config.failure().message.find("session_hours"), std::string::npos);
}

TEST(ServerConfig, SyntaxErrorGivesLine)
{
    auto config = parse_config("[server]\nlisten = \n", "k.toml");
    ASSERT_FALSE(config.ok());
    EXPECT_NE(config.failure().message.find("k.toml:2"), std::string::npos) << config.failure().message;
}

TEST(ServerConfig, BadListenAddressIsRefused)
{
    EXPECT_FALSE(parse_config("[server]\nlisten = \"localhost\"\n", "k.toml").ok());
    EXPECT_FALSE(parse_listen("127.0.0.1:99999").ok());
    auto ok = parse_listen("[::1]:8080");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->host, "::1");
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
