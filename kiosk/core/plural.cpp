#include "kiosk/core/plural.h"

#include "kiosk/core/string_tables.h"

namespace coi::core {

// Each language's rule is CLDR's (unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html)
// with the operands for whole numbers (i = n, v = 0) and lives in its strings_<code>.cpp,
// beside the counted strings it chooses between. A language with no file counts as English.
Plural plural_category(std::string_view language, std::int64_t count)
{
    std::uint64_t n = count < 0 ? static_cast<std::uint64_t>(-(count + 1)) + 1 : static_cast<std::uint64_t>(count);
    const LanguageTable* table = language_table(language);
    if (!table)
        table = language_table("en");
    return table->plural(n);
}

std::vector<Plural> plural_categories(std::string_view language)
{
    const LanguageTable* table = language_table(language);
    return (table ? table : language_table("en"))->categories;
}

std::string_view plural_name(Plural p)
{
    switch (p) {
    case Plural::One: return "one";
    case Plural::Few: return "few";
    case Plural::Many: return "many";
    case Plural::Other: return "other";
    }
    return "other";
}

} // namespace coi::core
