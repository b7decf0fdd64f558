// Specification of what visitors type: names stay names, whatever arrives.
#include "kiosk/core/text_input.h"

#include <gtest/gtest.h>

using namespace coi::core;

TEST(TextInput, KeepsLettersOfEveryVisitorLanguage)
{
    for (const char* name : {"Zo\xC3\xAB", "\xC5\x81ukasz", "\xC8\x98tefan", "Jurgit\xC4\x97", "\xD0\x9E\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0", "Mary-Jane", "O'Neill"}) {
        auto clean = clean_name(name);
        EXPECT_EQ(clean.text, name);
        EXPECT_FALSE(clean.changed) << name;
    }
}

TEST(TextInput, DropsEmojiControlAndBidiCharacters)
{
    auto clean = clean_name("Sam\xF0\x9F\x98\x80\x07\xE2\x80\xAE");
    EXPECT_EQ(clean.text, "Sam");
    EXPECT_TRUE(clean.changed);
}

TEST(TextInput, SqlIsJustTextAndLosesItsPunctuation)
{
    auto clean = clean_name("Robert'); DROP TABLE checkin;--");
    EXPECT_EQ(clean.text, "Robert' DROP TABLE checkin--");
    EXPECT_TRUE(clean.changed);
}

TEST(TextInput, TenThousandCharactersBecomeThirty)
{
    auto clean = clean_name(std::string(10000, 'a'));
    EXPECT_EQ(utf8_count(clean.text), kMaxNameCharacters);
    EXPECT_TRUE(clean.changed);
}

TEST(TextInput, SpacesCollapseAndTrim)
{
    EXPECT_EQ(clean_name("  Anne   Marie  ").text, "Anne Marie");
}

TEST(TextInput, InitialIsOneCapitalLetter)
{
    EXPECT_EQ(initial_of("k"), "K");
    EXPECT_EQ(initial_of("\xC5\x82"), "\xC5\x81"); // ł -> Ł
    EXPECT_EQ(initial_of("\xD1\x97"), "\xD0\x87"); // ї -> Ї
    EXPECT_EQ(initial_of("-"), "");
}

TEST(TextInput, DisplayNameIsFirstNameAndInitial)
{
    EXPECT_EQ(display_name("Sam", "K"), "Sam K.");
    EXPECT_EQ(display_name("Sam", ""), "Sam");
}

TEST(TextInput, MatchingNeedsTwoLettersAndIgnoresCase)
{
    EXPECT_FALSE(name_matches("Sam", "s"));
    EXPECT_TRUE(name_matches("Sam", "sa"));
    EXPECT_TRUE(name_matches("Sam", "SAM"));
    EXPECT_FALSE(name_matches("Sam", "am"));
    EXPECT_TRUE(name_matches("\xC5\x81ukasz", "\xC5\x82u")) << "ł matches Ł";
    EXPECT_TRUE(name_matches("\xD0\x9E\xD0\xBB\xD0\xB5\xD0\xBD\xD0\xB0", "\xD0\xBE\xD0\xBB")) << "Cyrillic folds too";
}

TEST(TextInput, BackspaceRemovesAWholeCharacter)
{
    EXPECT_EQ(drop_last_character("Zo\xC3\xAB"), "Zo");
    EXPECT_EQ(drop_last_character(""), "");
}

TEST(TextInput, CodesUseOnlyTheUnambiguousAlphabet)
{
    for (unsigned long long r = 0; r < 5000; r += 37) {
        std::string code = code_from_random(r * 2654435761ull);
        ASSERT_EQ(code.size(), 4u);
        for (char c : code)
            EXPECT_NE(kCodeAlphabet.find(c), std::string_view::npos) << code;
    }
    EXPECT_EQ(clean_code("k7-mp0"), "K7MP");
}

TEST(TextInput, ASpecialsNameKeepsItsPunctuationAndMoreThanANamesLength)
{
    // A coordinators' special whose price is changed at the screen keeps its name.
    for (const char* name : {"Jacket potato with cheese and beans", "Fish & chips (large), \xC2\xA3" "1 off!", "Soup \xE2\x80\x93 50% more",
             "\xD0\x91\xD1\x96\xD1\x81\xD0\xBA\xD0\xB2\xD1\x96\xD1\x82 \xC2\xAB\xD0\x92\xD1\x96\xD0\xBA\xD1\x82\xD0\xBE\xD1\x80\xD1\x96\xD1\x8F\xC2\xBB"}) {
        auto clean = clean_special_name(name);
        EXPECT_EQ(clean.text, name);
        EXPECT_FALSE(clean.changed) << name;
    }
    auto odd = clean_special_name("Pie\xF0\x9F\xA5\xA7\x07\xE2\x80\xAE  of   the day ");
    EXPECT_EQ(odd.text, "Pie of the day");
    EXPECT_TRUE(odd.changed);
    EXPECT_EQ(utf8_count(clean_special_name(std::string(1000, 'a')).text), kMaxSpecialNameCharacters);
}
