#include "kiosk/core/text_input.h"

#include <cctype>

namespace coi::core {

namespace {

// Decode one UTF-8 character; returns its length, 0 at the end, and U+FFFD for bad bytes.
std::size_t decode(std::string_view s, std::size_t i, char32_t& out)
{
    if (i >= s.size())
        return 0;
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
        out = 0xFFFD;
        return 1;
    }
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
        unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            out = 0xFFFD;
            return 1;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    out = cp;
    return n;
}

void encode(char32_t cp, std::string& out)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Letters a name is made of in the languages our visitors speak, plus the marks names
// really contain (hyphen, apostrophes, a space).
bool allowed_in_name(char32_t cp)
{
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == ' ' || cp == '-' || cp == '\'' || cp == '.')
        return true;
    if (cp == 0x2019) // ’ typographic apostrophe
        return true;
    if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) // Latin-1 letters, Latin Extended-A and -B
        return true;
    if (cp >= 0x400 && cp <= 0x4FF) // Cyrillic
        return true;
    return false;
}

char32_t lower(char32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7))
        return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F && cp != 0x130 && cp != 0x131 && cp != 0x138 && cp != 0x149 && cp != 0x17F) {
        // Latin Extended-A pairs upper/lower, offset by one; the run 0x139..0x148 and
        // 0x179..0x17E are pairs starting on an odd code point.
        bool odd_pairs = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        bool upper = odd_pairs ? (cp % 2 == 1) : (cp % 2 == 0);
        return upper ? cp + 1 : cp;
    }
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 80;
    if (cp == 0x490)
        return 0x491;
    return cp;
}

char32_t upper(char32_t cp)
{
    for (char32_t candidate : {cp - 32, cp - 1, cp - 80, cp - 1})
        if (candidate != cp && lower(candidate) == cp)
            return candidate;
    return cp;
}

} // namespace

namespace {

// What a special's name may hold besides a name's letters: digits and the punctuation of a
// menu ("Fish & chips (large), £1 off!"), typographic quotes and dashes, the euro sign.
bool allowed_in_special(char32_t cp)
{
    return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA1 && cp <= 0xBF && cp != 0xAD) || (cp >= 0x2013 && cp <= 0x2014)
        || (cp >= 0x2018 && cp <= 0x201E) || cp == 0x2026 || cp == 0x20AC;
}

enum class Allow { Name, NameAndDigits, Special };

CleanText clean(std::string_view typed, Allow allow, std::size_t max_characters = kMaxNameCharacters)
{
    CleanText out;
    std::size_t count = 0;
    bool last_space = true; // drops leading spaces
    for (std::size_t i = 0; i < typed.size();) {
        char32_t cp;
        std::size_t n = decode(typed, i, cp);
        i += n;
        if (cp == '\t' || cp == '\n' || cp == 0xA0)
            cp = ' ';
        bool allowed = allowed_in_name(cp) || (allow == Allow::NameAndDigits && cp >= '0' && cp <= '9')
            || (allow == Allow::Special && allowed_in_special(cp));
        if (!allowed) {
            out.changed = true;
            continue;
        }
        if (cp == ' ') {
            if (last_space) {
                out.changed = out.changed || count > 0;
                continue;
            }
            last_space = true;
        } else {
            last_space = false;
        }
        if (count == max_characters) {
            out.changed = true;
            break;
        }
        encode(cp, out.text);
        ++count;
    }
    while (!out.text.empty() && out.text.back() == ' ')
        out.text.pop_back();
    return out;
}

} // namespace

CleanText clean_name(std::string_view typed) { return clean(typed, Allow::Name); }
CleanText clean_query(std::string_view typed) { return clean(typed, Allow::NameAndDigits); }
CleanText clean_special_name(std::string_view typed) { return clean(typed, Allow::Special, kMaxSpecialNameCharacters); }

std::string initial_of(std::string_view typed)
{
    auto clean = clean_name(typed).text;
    for (std::size_t i = 0; i < clean.size();) {
        char32_t cp;
        i += decode(clean, i, cp);
        if (cp != ' ' && cp != '-' && cp != '\'' && cp != '.' && cp != 0x2019) {
            std::string out;
            encode(upper(cp), out);
            return out;
        }
    }
    return {};
}

std::string display_name(std::string_view first, std::string_view initial)
{
    std::string out(first);
    if (!initial.empty())
        out += " " + std::string(initial) + ".";
    return out;
}

std::string fold_case(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp;
        i += decode(text, i, cp);
        encode(lower(cp), out);
    }
    return out;
}

bool name_matches(std::string_view first_name, std::string_view typed)
{
    std::string query = fold_case(clean_query(typed).text);
    if (utf8_count(query) < 2)
        return false;
    std::string name = fold_case(first_name);
    return name.compare(0, query.size(), query) == 0;
}

std::size_t utf8_count(std::string_view text)
{
    std::size_t n = 0;
    for (unsigned char c : text)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::string drop_last_character(std::string_view text)
{
    std::size_t end = text.size();
    while (end > 0) {
        --end;
        if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80)
            break;
    }
    return std::string(text.substr(0, end));
}

std::string to_upper_ascii(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string code_from_random(unsigned long long random)
{
    std::string code;
    for (int i = 0; i < 4; ++i) {
        code += kCodeAlphabet[random % kCodeAlphabet.size()];
        random /= kCodeAlphabet.size();
    }
    return code;
}

std::string clean_code(std::string_view typed)
{
    std::string out;
    for (char c : to_upper_ascii(typed))
        if (kCodeAlphabet.find(c) != std::string_view::npos && out.size() < 4)
            out += c;
    return out;
}

} // namespace coi::core
