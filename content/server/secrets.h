#pragma once
// Passwords, tokens and their hashes (libsodium). Nothing secret is stored in the clear:
// passwords as argon2id strings, session and device tokens as sha256.

#include <string>
#include <string_view>

namespace coi::server {

std::string hash_password(std::string_view password);                     // argon2id, interactive limits
bool password_matches(std::string_view password, const std::string& stored);
std::string random_token();                                               // 256 random bits, 64 hex chars
std::string token_hash(std::string_view token);                           // sha256 hex
bool same_secret(std::string_view a, std::string_view b);                 // constant time
std::string random_password();                                            // for --demo: 4 words of hex, easy to type

} // namespace coi::server
