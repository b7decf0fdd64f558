#pragma once
// What kiosk-content needs to know to send an email, and what makes an address safe to put
// in a mail header. Kept apart from outbound.h (which sends through libcurl) so the config
// and the accounts can check addresses without pulling in the network.

#include <string>

namespace coi::server {

// [mail] in the server's TOML (docs/content-server.md, "Screens that ask for help").
struct MailSettings {
    std::string smtp_url; // smtp://host:587 (STARTTLS when the server offers it) or smtps://host:465
    std::string from;     // the sender address, e.g. screens@example.org
    std::string username; // empty: no sign-in at the mail server
    std::string password;
    bool enabled() const { return !smtp_url.empty() && !from.empty(); }
};

// Empty when `address` is a plain addr-spec (local@domain) that can go into a To: or From:
// header and an SMTP envelope as it is; otherwise what is wrong, in words. Display names,
// comments, quoted local parts and anything with spaces or control characters (CR, LF: a
// header injection) are refused rather than escaped: an address someone types is never
// allowed to add a header or a recipient.
std::string mail_address_problem(const std::string& address);

} // namespace coi::server
