// Specification of plural categories: CLDR's rules for whole numbers in the kiosk's five
// languages, checked against the examples CLDR lists for each category, and every counted
// string reading right in each language.
#include "kiosk/core/plural.h"
#include "kiosk/core/strings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

using namespace coi::core;

namespace {

void expect_categories(const char* language, std::vector<std::pair<std::int64_t, Plural>> cases)
{
    for (auto [n, expected] : cases)
        EXPECT_EQ(plural_name(plural_category(language, n)), plural_name(expected)) << language << " " << n;
}

} // namespace

TEST(Plural, EnglishIsOneAndOther)
{
    expect_categories("en", {{1, Plural::One}, {0, Plural::Other}, {2, Plural::Other}, {11, Plural::Other}, {21, Plural::Other}});
}

TEST(Plural, PolishIsOneFewMany)
{
    // CLDR: one 1; few 2~4, 22~24, 32~34, 102~104; many 0, 5~19, 100, 1000, 25, 112.
    expect_categories("pl", {{1, Plural::One}, {2, Plural::Few}, {4, Plural::Few}, {22, Plural::Few}, {104, Plural::Few},
                                {0, Plural::Many}, {5, Plural::Many}, {11, Plural::Many}, {12, Plural::Many}, {14, Plural::Many},
                                {21, Plural::Many}, {25, Plural::Many}, {100, Plural::Many}, {112, Plural::Many}, {1000, Plural::Many}});
}

TEST(Plural, UkrainianIsOneFewMany)
{
    // CLDR: one 1, 21, 31, 101; few 2~4, 22~24; many 0, 5~19, 100, 11, 12, 111.
    expect_categories("uk", {{1, Plural::One}, {21, Plural::One}, {31, Plural::One}, {101, Plural::One}, {2, Plural::Few},
                                {4, Plural::Few}, {22, Plural::Few}, {0, Plural::Many}, {5, Plural::Many}, {11, Plural::Many},
                                {12, Plural::Many}, {14, Plural::Many}, {19, Plural::Many}, {100, Plural::Many}, {111, Plural::Many}});
}

TEST(Plural, LithuanianWholeNumbersAreOneFewOther)
{
    // CLDR: one 1, 21, 31, 101; few 2~9, 22~29, 102; other 0, 10~20, 30, 40, 100; many only fractions (0.1).
    expect_categories("lt", {{1, Plural::One}, {21, Plural::One}, {101, Plural::One}, {2, Plural::Few}, {9, Plural::Few},
                                {22, Plural::Few}, {29, Plural::Few}, {102, Plural::Few}, {0, Plural::Other}, {10, Plural::Other},
                                {11, Plural::Other}, {19, Plural::Other}, {20, Plural::Other}, {30, Plural::Other}, {111, Plural::Other}});
}

TEST(Plural, RomanianIsOneFewOther)
{
    // CLDR: one 1; few 0, 2~16, 19, 101, 119; other 20~35, 100, 1000.
    expect_categories("ro", {{1, Plural::One}, {0, Plural::Few}, {2, Plural::Few}, {19, Plural::Few}, {101, Plural::Few},
                                {119, Plural::Few}, {20, Plural::Other}, {35, Plural::Other}, {100, Plural::Other}, {1000, Plural::Other}});
}

TEST(Plural, AnUnknownLanguageCountsAsEnglishDoes)
{
    EXPECT_EQ(plural_category("xx", 1), Plural::One);
    EXPECT_EQ(plural_category("xx", 5), Plural::Other);
    EXPECT_EQ(plural_categories("xx"), (std::vector<Plural>{Plural::One, Plural::Other}));
}

TEST(Plural, EveryCategoryALanguageUsesIsReachedByAWholeNumber)
{
    for (auto language : all_languages())
        for (Plural p : plural_categories(language)) {
            bool reached = false;
            for (std::int64_t n = 0; n < 200 && !reached; ++n)
                reached = plural_category(language, n) == p;
            EXPECT_TRUE(reached) << language << " " << plural_name(p);
        }
}

TEST(Plural, CountedStringsAgreeWithTheirNumber)
{
    EXPECT_EQ(count_text("week.more", 1, "pl"), "+ jeszcze 1 wydarzenie");
    EXPECT_EQ(count_text("week.more", 2, "pl"), "+ jeszcze 2 wydarzenia");
    EXPECT_EQ(count_text("week.more", 5, "pl"), "+ jeszcze 5 wydarzeń");
    EXPECT_EQ(count_text("week.more", 22, "pl"), "+ jeszcze 22 wydarzenia");
    EXPECT_EQ(count_text("week.more", 12, "pl"), "+ jeszcze 12 wydarzeń");
    EXPECT_EQ(count_text("cafe.more", 21, "uk"), "+ ще 21 страва в меню");
    EXPECT_EQ(count_text("cafe.more", 3, "uk"), "+ ще 3 страви в меню");
    EXPECT_EQ(count_text("cafe.more", 11, "uk"), "+ ще 11 страв у меню");
    EXPECT_EQ(count_text("week.more", 21, "lt"), "+ dar 21 užsiėmimas");
    EXPECT_EQ(count_text("week.more", 9, "lt"), "+ dar 9 užsiėmimai");
    EXPECT_EQ(count_text("week.more", 10, "lt"), "+ dar 10 užsiėmimų");
    EXPECT_EQ(count_text("week.more", 1, "ro"), "+ încă 1 activitate");
    EXPECT_EQ(count_text("week.more", 19, "ro"), "+ încă 19 activități");
    EXPECT_EQ(count_text("week.more", 20, "ro"), "+ încă 20 de activități");
    EXPECT_NE(count_text("checkin.privacy", 1, "en").find("for 1 day,"), std::string::npos);
    EXPECT_NE(count_text("checkin.privacy", 14, "en").find("for 14 days,"), std::string::npos);
    EXPECT_NE(count_text("checkin.privacy", 14, "uk").find("14 днів"), std::string::npos);
    EXPECT_NE(count_text("checkin.privacy", 2, "pl").find("przez 2 dni"), std::string::npos);
    EXPECT_NE(count_text("checkin.privacy", 1, "lt").find("1 dieną"), std::string::npos);
    EXPECT_EQ(count_text("staff.wrong_pin", 1), "That PIN didn't work. 1 try left.");
    EXPECT_EQ(count_text("staff.wrong_pin", 3), "That PIN didn't work. 3 tries left.");
}

TEST(Plural, AMissingFormFallsBackToEnglishsFormForThatCount)
{
    EXPECT_EQ(count_text("week.more", 3, "xx"), "+ 3 more");
    EXPECT_EQ(count_text("staff.wrong_pin", 1, "pl"), "That PIN didn't work. 1 try left.") << "staff mode is English only";
    EXPECT_EQ(count_text("no.such.count", 4, "pl"), "no.such.count 4");
}

TEST(Plural, EveryCountedStringHasEveryFormOfEveryLanguage)
{
    ASSERT_FALSE(counted_keys().empty());
    for (auto language : all_languages())
        for (auto key : counted_keys()) {
            if (key.rfind("staff.", 0) == 0)
                continue; // staff mode speaks English only
            for (Plural p : plural_categories(language)) {
                auto missing = missing_keys(language);
                std::string form = std::string(key) + "#" + std::string(plural_name(p));
                EXPECT_EQ(std::find(missing.begin(), missing.end(), form), missing.end()) << language << " lacks " << form;
            }
            // Each form says the number.
            for (std::int64_t n : {1, 2, 5, 11, 21, 22, 101})
                EXPECT_NE(count_text(key, n, language).find(std::to_string(n)), std::string::npos) << language << " " << key << " " << n;
        }
}
