// `kiosk --check-config`: the [display] section, and every problem with its line.
#include "kiosk/app/config.h"

#include <gtest/gtest.h>

using namespace coi;

TEST(DisplayConfig, ReadsTheScheduleAndCommands)
{
    auto check = app::parse_config(R"([display]
blank_when_closed = true
off_command = ["/usr/bin/cec-ctl", "--to", "0", "--standby"]
on_command = ["/usr/bin/cec-ctl", "--to", "0", "--image-view-on"]
)");
    EXPECT_TRUE(check.problems.empty());
    EXPECT_TRUE(check.config.display.blank_when_closed);
    EXPECT_EQ(check.config.display.off_command, (std::vector<std::string>{"/usr/bin/cec-ctl", "--to", "0", "--standby"}));
    EXPECT_EQ(check.config.display.on_command.size(), 4u);
}

TEST(DisplayConfig, IsOffUnlessAsked)
{
    auto check = app::parse_config("");
    EXPECT_FALSE(check.config.display.blank_when_closed);
    EXPECT_TRUE(check.config.display.on_command.empty());
}

TEST(DisplayConfig, SaysWhatIsWrongByLine)
{
    auto check = app::parse_config(R"([display]
blank_when_closed = "yes"
off_command = "cec-ctl --standby"
on_command = ["cec-ctl", "--image-view-on"]
brightness = 3
)");
    ASSERT_EQ(check.problems.size(), 4u);
    EXPECT_EQ(check.problems[0].line, 2);
    EXPECT_NE(check.problems[0].message.find("true or false"), std::string::npos);
    EXPECT_EQ(check.problems[1].line, 3);
    EXPECT_NE(check.problems[1].message.find("must be a list"), std::string::npos) << "never a line for a shell";
    EXPECT_EQ(check.problems[2].line, 4);
    EXPECT_NE(check.problems[2].message.find("absolute path"), std::string::npos);
    EXPECT_EQ(check.problems[3].line, 5);
    EXPECT_NE(check.problems[3].message.find("unknown setting display.brightness"), std::string::npos);
    EXPECT_EQ(app::format_problems("kiosk.toml", check.problems).substr(0, 13), "kiosk.toml:2:");
}

// Found by tests/fuzz/config_fuzzer: toml++ 3.3.0 (Debian 12) reaches __builtin_unreachable,
// undefined behaviour, on some non-ASCII characters where TOML allows none. The kiosk
// refuses them before toml++ reads the text, with the line, and keeps them in strings and comments.
TEST(ConfigText, NonAsciiOutsideQuotesIsAProblemOnItsLine)
{
    for (const char* text : {"[kiosk]\n\xcb\xabrotaa\n", "[kiosk]\nlanguage = \xd1\x83\xd0\xba\xd1\x80\n", "[kiosk]\n\xc2\xa3x = 1\n",
             "[kiosk]\ns = \"\"\"\\\n\xc2\xa7\"\"\"\n", "[kiosk]\nx = -888\"/caf\xc3\xa9\"\n", "[kiosk]\nx=5fi='''\xcb\xab'''\n"}) {
        auto check = app::parse_config(text);
        ASSERT_EQ(check.problems.size(), 1u) << text;
        EXPECT_EQ(check.problems[0].line, 2) << text;
        EXPECT_NE(check.problems[0].message.find("quotes"), std::string::npos);
    }
}

TEST(ConfigText, NonAsciiInStringsAndCommentsIsFine)
{
    auto check = app::parse_config("# Kiosk w kawiarni \xc5\x82\n[kiosk] # \xd0\xbc\xd0\xbe\xd0\xb2\xd0\xb0\n"
                                   "data_dir = \"/srv/caf\xc3\xa9\"\nscreen_role = 'cafe'\n[display]\n"
                                   "on_command = [\"/usr/bin/echo\", \"\"\"\xc3\xa9t\xc3\xa9\"\"\", '''\xc5\x82''']\n");
    EXPECT_TRUE(check.problems.empty()) << (check.problems.empty() ? "" : check.problems[0].message);
    EXPECT_EQ(check.config.data_dir, "/srv/caf\xc3\xa9");
    EXPECT_EQ(check.config.display.on_command.size(), 3u);
}

TEST(DisplayConfig, RotateIsAQuarterTurnClockwise)
{
    EXPECT_EQ(app::parse_config("").config.display.rotate, 0);
    auto check = app::parse_config("[display]\nrotate = 270\n");
    EXPECT_TRUE(check.problems.empty());
    EXPECT_EQ(check.config.display.rotate, 270);
    for (const char* wrong : {"[display]\nrotate = 45\n", "[display]\nrotate = \"90\"\n", "[display]\nrotate = -90\n", "[display]\nrotate = 90.0\n"}) {
        auto bad = app::parse_config(wrong);
        ASSERT_EQ(bad.problems.size(), 1u) << wrong;
        EXPECT_EQ(bad.problems[0].line, 2) << wrong;
        EXPECT_NE(bad.problems[0].message.find("0, 90, 180 or 270"), std::string::npos) << bad.problems[0].message;
        EXPECT_EQ(bad.config.display.rotate, 0);
    }
}

TEST(ConfigText, ExampleConfigHasNoProblems)
{
    auto loaded = app::load_config(COI_SOURCE_DIR "/config/kiosk.example.toml");
    EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().message);
}
