#include "suggestions.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace coi::server {

// [SECTION] Rate limit
LimitVerdict SuggestionLimiter::take(const std::string& address_key, std::int64_t now)
{
    constexpr std::int64_t kHour = 3600;
    constexpr std::int64_t kDay = 24 * kHour;
    std::lock_guard lock(m_mutex);
    while (!m_taken.empty() && m_taken.front().first <= now - kDay)
        m_taken.pop_front();
    if (static_cast<int>(m_taken.size()) >= m_limits.everyone_day)
        return LimitVerdict::Everyone;
    int day = 0;
    int hour = 0;
    for (auto& [at, key] : m_taken) {
        if (key != address_key)
            continue;
        ++day;
        if (at > now - kHour)
            ++hour;
    }
    if (day >= m_limits.per_address_day)
        return LimitVerdict::AddressDay;
    if (hour >= m_limits.per_address_hour)
        return LimitVerdict::AddressHour;
    m_taken.emplace_back(now, address_key);
    return LimitVerdict::Taken;
}

// [SECTION] Spam trap
namespace {

void ensure_sodium()
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium failed to initialise");
}

std::string hex(const unsigned char* data, std::size_t size)
{
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

std::string stamp_mac(const std::string& key, const std::string& site_id, std::int64_t at)
{
    std::array<unsigned char, crypto_auth_BYTES> mac{};
    std::array<unsigned char, crypto_auth_KEYBYTES> k{};
    std::copy_n(key.begin(), std::min(key.size(), k.size()), k.begin());
    auto message = "coi-suggest:v1:" + site_id + ":" + std::to_string(at);
    crypto_auth(mac.data(), reinterpret_cast<const unsigned char*>(message.data()), message.size(), k.data());
    return hex(mac.data(), mac.size());
}

} // namespace

std::string form_stamp_key(std::string_view server_secret)
{
    ensure_sodium();
    // Its own key, not the signing key itself: a MAC must never be a way to use that key.
    static constexpr std::string_view kPurpose = "coi-suggestion-form-stamp";
    std::array<unsigned char, crypto_auth_KEYBYTES> key{};
    crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(server_secret.data()), server_secret.size(),
        reinterpret_cast<const unsigned char*>(kPurpose.data()), kPurpose.size());
    return std::string(reinterpret_cast<const char*>(key.data()), key.size());
}

std::string make_form_stamp(const std::string& key, const std::string& site_id, std::int64_t now)
{
    ensure_sodium();
    return std::to_string(now) + "." + stamp_mac(key, site_id, now);
}

TrapVerdict check_spam_trap(const std::string& key, const std::string& site_id, const std::string& stamp, const std::string& honeypot, std::int64_t now)
{
    ensure_sodium();
    if (!honeypot.empty())
        return TrapVerdict::Honeypot;
    auto dot = stamp.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 12 || stamp.find_first_not_of("0123456789") != dot)
        return TrapVerdict::Forged;
    std::int64_t at = std::stoll(stamp.substr(0, dot));
    auto expected = stamp_mac(key, site_id, at);
    auto given = stamp.substr(dot + 1);
    if (given.size() != expected.size() || sodium_memcmp(given.data(), expected.data(), expected.size()) != 0)
        return TrapVerdict::Forged;
    if (at > now + 60) // a little clock slack between two servers behind one proxy
        return TrapVerdict::Forged;
    if (now - at < kMinFillSeconds)
        return TrapVerdict::TooFast;
    if (now - at > kMaxFormAgeSeconds)
        return TrapVerdict::Stale;
    return TrapVerdict::Person;
}

// [SECTION] The form
namespace {

int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::optional<std::string> percent_decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+')
            out += ' ';
        else if (c != '%')
            out += c;
        else {
            int high = i + 1 < text.size() ? hex_digit(text[i + 1]) : -1;
            int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
            if (high < 0 || low < 0)
                return std::nullopt;
            out += static_cast<char>(high * 16 + low);
            i += 2;
        }
    }
    return out;
}

// Code points in well-formed UTF-8, or nullopt: a browser always sends UTF-8 for a page
// that says so, and anything else cannot be shown back to a coordinator faithfully.
std::optional<std::size_t> utf8_length(std::string_view text)
{
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : 4;
        if (extra == 4 || (extra == 1 && c < 0xC2) || i + extra >= text.size())
            return std::nullopt; // a stray continuation byte, an overlong pair, or cut short
        for (std::size_t k = 1; k <= extra; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
                return std::nullopt;
        i += extra + 1;
        ++count;
    }
    return count;
}

bool has_control(std::string_view text, bool lines_allowed)
{
    return std::any_of(text.begin(), text.end(), [&](char c) {
        auto u = static_cast<unsigned char>(c);
        if (lines_allowed && (c == '\n' || c == '\r' || c == '\t'))
            return false;
        return u < 0x20 || u == 0x7F;
    });
}

std::string trimmed(std::string_view text)
{
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

// Enough to catch a typing slip ("sam.example.org", "sam@"); the building replies by hand,
// so a strict grammar would only turn away real addresses.
bool looks_like_email(const std::string& email)
{
    auto at = email.find('@');
    if (at == std::string::npos || at == 0 || email.find('@', at + 1) != std::string::npos)
        return false;
    if (email.find_first_of(" \t,;<>\"") != std::string::npos)
        return false;
    auto dot = email.find('.', at + 2);
    return dot != std::string::npos && dot + 1 < email.size();
}

void check_text(std::vector<FieldError>& errors, const std::string& field, const std::string& value, std::size_t max_chars, bool required, bool lines_allowed,
    const std::string& what)
{
    auto length = utf8_length(value);
    if (!length || has_control(value, lines_allowed))
        errors.push_back({field, what + " has characters we cannot read. Please type it again."});
    else if (required && *length == 0)
        errors.push_back({field, "Please say " + what + "."});
    else if (*length > max_chars)
        errors.push_back({field, "Please keep " + what + " to " + std::to_string(max_chars) + " characters."});
}

} // namespace

std::optional<std::map<std::string, std::string>> parse_form_body(std::string_view body)
{
    std::map<std::string, std::string> fields;
    while (!body.empty()) {
        auto end = body.find('&');
        auto pair = body.substr(0, end);
        body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
        if (pair.empty())
            continue;
        auto equals = pair.find('=');
        auto name = percent_decode(pair.substr(0, equals));
        auto value = percent_decode(equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1));
        if (!name || !value)
            return std::nullopt;
        if (!fields.emplace(*name, *value).second)
            return std::nullopt; // given twice: which one the person meant is a guess
    }
    return fields;
}

ReadSuggestion read_suggestion_form(const std::map<std::string, std::string>& fields)
{
    auto value = [&](const char* name) {
        auto it = fields.find(name);
        return it == fields.end() ? std::string{} : trimmed(it->second);
    };
    ReadSuggestion read;
    read.form = {value("title"), value("when"), value("details"), value("email")};
    auto& errors = read.errors;
    check_text(errors, "title", read.form.title, kMaxTitleChars, true, false, "what it is");
    check_text(errors, "when", read.form.when, kMaxWhenChars, true, false, "when it is");
    check_text(errors, "details", read.form.details, kMaxDetailsChars, false, true, "the details");
    check_text(errors, "email", read.form.email, kMaxEmailChars, true, false, "an email address");
    bool email_checked = std::none_of(errors.begin(), errors.end(), [](auto& e) { return e.field == "email"; });
    if (email_checked && !looks_like_email(read.form.email))
        errors.push_back({"email", "Please give an email address like name@example.org, so the building can reply."});
    return read;
}

} // namespace coi::server
