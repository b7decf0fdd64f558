// Specification of the translation tables: every language has every string, the same
// placeholders as English, names itself in itself, and keeps UK formats for money and dates.
#include "kiosk/core/format.h"
#include "kiosk/core/plural.h"
#include "kiosk/core/strings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

using namespace coi;
using namespace coi::core;

namespace {

// Staff mode speaks English only; its strings are not for visitors to read.
bool visitor_facing(std::string_view key) { return key.rfind("staff.", 0) != 0; }

std::set<std::string> placeholders(std::string_view text)
{
    std::set<std::string> out;
    for (std::size_t i = 0; i + 2 < text.size(); ++i)
        if (text[i] == '{' && text[i + 2] == '}' && text[i + 1] >= '0' && text[i + 1] <= '9')
            out.insert(std::string(text.substr(i, 3)));
    return out;
}

} // namespace

TEST(Strings, TheKioskSpeaksFiveLanguagesEnglishFirst)
{
    auto languages = all_languages();
    ASSERT_EQ(languages.size(), 5u);
    EXPECT_EQ(languages[0], "en");
    for (auto code : {"pl", "ro", "lt", "uk"})
        EXPECT_TRUE(has_language(code)) << code;
    EXPECT_FALSE(has_language("xx"));
}

TEST(Strings, AddingALanguageIsAddingItsFile)
{
    // Every strings_<code>.cpp beside strings.cpp is a language the kiosk speaks, with no list
    // to edit: the build finds the files. English first, then the others by code.
    std::filesystem::path core = std::filesystem::path(COI_SOURCE_DIR) / "kiosk" / "core";
    std::vector<std::string> files;
    for (auto& entry : std::filesystem::directory_iterator(core)) {
        std::string name = entry.path().filename().string();
        if (name.rfind("strings_", 0) == 0 && entry.path().extension() == ".cpp")
            files.push_back(name.substr(8, name.size() - 8 - 4));
    }
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty()) << core;
    std::vector<std::string> expected{"en"};
    expected.insert(expected.end(), files.begin(), files.end());
    auto languages = all_languages();
    EXPECT_EQ(std::vector<std::string>(languages.begin(), languages.end()), expected);
}

TEST(Strings, EveryLanguageHasEveryVisitorString)
{
    for (auto language : all_languages()) {
        std::string missing;
        for (auto key : missing_keys(language))
            if (visitor_facing(key))
                missing += "  " + std::string(key) + "\n";
        EXPECT_TRUE(missing.empty()) << "untranslated in \"" << language << "\" (shown in English):\n" << missing;
        std::string unknown;
        for (auto key : unknown_keys(language))
            unknown += "  " + std::string(key) + "\n";
        EXPECT_TRUE(unknown.empty()) << "keys in \"" << language << "\" that English does not have (typos?):\n" << unknown;
    }
}

TEST(Strings, TranslationsKeepEnglishPlaceholders)
{
    for (auto language : all_languages())
        for (auto key : all_string_keys())
            EXPECT_EQ(placeholders(tr(key, language)), placeholders(tr(key, "en"))) << language << " " << key << ": " << tr(key, language);
    // Plural forms English does not have ("#few", "#many") carry the count too.
    for (auto language : all_languages())
        for (auto key : counted_keys())
            for (std::int64_t n : {1, 2, 5, 11, 21}) {
                if (!visitor_facing(key))
                    continue;
                EXPECT_EQ(placeholders(tr(std::string(key) + "#" + std::string(plural_name(plural_category(language, n))), language)),
                    std::set<std::string>{"{0}"}) << language << " " << key << " " << n;
            }
}

TEST(Strings, EachLanguageNamesItselfInItself)
{
    EXPECT_EQ(tr("language.name", "en"), "English");
    EXPECT_EQ(tr("language.name", "pl"), "Polski");
    EXPECT_EQ(tr("language.name", "ro"), "Română");
    EXPECT_EQ(tr("language.name", "lt"), "Lietuvių");
    EXPECT_EQ(tr("language.name", "uk"), "Українська");
}

TEST(Strings, AMissingStringOrLanguageFallsBackToEnglish)
{
    EXPECT_EQ(tr("welcome.check_in", "xx"), "Check in");
    EXPECT_EQ(tr("no.such.key", "pl"), "no.such.key");
    EXPECT_EQ(tr("welcome.check_in", "pl"), "Wpisz się");
}

TEST(Strings, RomanianUsesCommaBelowLettersNotCedillas)
{
    for (std::string_view text : all_strings("ro")) {
        for (const char* cedilla : {"\xC5\x9F", "\xC5\x9E", "\xC5\xA3", "\xC5\xA2"}) // ş Ş ţ Ţ
            EXPECT_EQ(text.find(cedilla), std::string_view::npos) << text;
    }
    EXPECT_EQ(tr("allergen.celery", "ro"), "\xC8\x9A" "elin\xC4\x83"); // Țelină with U+021A
}

TEST(Strings, UkrainianHasNoRussianOnlyLetters)
{
    for (std::string_view text : all_strings("uk")) {
        for (const char* letter : {"ы", "э", "ъ", "ё", "Ы", "Э"})
            EXPECT_EQ(text.find(letter), std::string_view::npos) << text;
    }
}

TEST(Strings, AllergensAreTheRegulationNamesInEachLanguage)
{
    EXPECT_EQ(tr("allergen.milk", "pl"), "Mleko");
    EXPECT_EQ(tr("allergen.mustard", "pl"), "Gorczyca");
    EXPECT_EQ(tr("allergen.peanuts", "pl"), "Orzeszki ziemne");
    EXPECT_EQ(tr("allergen.nuts", "ro"), "Fructe cu coajă lemnoasă");
    EXPECT_EQ(tr("allergen.sulphites", "ro"), "Dioxid de sulf și sulfiți");
    EXPECT_EQ(tr("allergen.gluten", "lt"), "Javai, kuriuose yra glitimo");
    EXPECT_EQ(tr("allergen.soya", "lt"), "Sojos pupelės");
    EXPECT_EQ(tr("allergen.peanuts", "uk"), "Арахіс");
    EXPECT_EQ(tr("allergen.celery", "uk"), "Селера");
    EXPECT_EQ(tr("allergen.lupin", "ro"), "Lupin") << "the Romanian word is the same";
}

TEST(Strings, PricesAndDatesStayInUkFormatWhateverTheLanguage)
{
    feed::Date date{2026, 11, 25};
    for (auto language : all_languages()) {
        EXPECT_EQ(price_text(350, language), "\xC2\xA3" "3.50") << language;
        EXPECT_EQ(price_text(80, language), "80p") << language;
        EXPECT_EQ(clock_text(18 * 60 + 30), "18:30");
    }
    EXPECT_EQ(long_date_text(date, "en"), "Wednesday 25 November");
    EXPECT_EQ(long_date_text(date, "pl"), "Środa 25 listopada");
    EXPECT_EQ(long_date_text(date, "ro"), "Miercuri 25 noiembrie");
    EXPECT_EQ(long_date_text(date, "lt"), "Trečiadienis 25 lapkričio");
    EXPECT_EQ(long_date_text(date, "uk"), "Середа 25 листопада");
    EXPECT_EQ(short_date_text(date, "en"), "25 Nov");
    EXPECT_EQ(short_date_text(date, "uk"), "25 лист.");
    EXPECT_NE(short_date_text({2026, 8, 1}, "lt"), short_date_text({2026, 9, 1}, "lt")) << "August and September differ";
    EXPECT_EQ(price_text(0, "pl"), "Za darmo");
}
