#include "mail.h"

#include <algorithm>

namespace coi::server {

namespace {

// RFC 5322's atext, which is also what an unquoted local part may hold; '.' separately.
bool atext(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    static const std::string specials = "!#$%&'*+-/=?^_`{|}~";
    return specials.find(static_cast<char>(c)) != std::string::npos;
}

bool domain_char(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

} // namespace

std::string mail_address_problem(const std::string& address)
{
    if (address.empty())
        return "is empty";
    if (address.size() > 254) // RFC 5321's longest path
        return "is longer than 254 characters";
    if (std::any_of(address.begin(), address.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        return "holds a line break or another control character";
    auto at = address.rfind('@');
    if (at == std::string::npos || address.find('@') != at)
        return "must be one address like name@example.org";
    std::string local = address.substr(0, at), domain = address.substr(at + 1);
    if (local.empty() || local.size() > 64)
        return "needs a name before the @ (at most 64 characters)";
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string::npos)
        return "may not start or end with a dot before the @, or have two dots in a row";
    if (!std::all_of(local.begin(), local.end(), [](unsigned char c) { return atext(c) || c == '.'; }))
        return "may hold only letters, digits, dots and !#$%&'*+-/=?^_`{|}~ before the @ (no spaces, commas or <>)";
    if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string::npos || domain.front() == '-'
        || !std::all_of(domain.begin(), domain.end(), domain_char))
        return "needs a domain after the @ like example.org";
    return {};
}

} // namespace coi::server
