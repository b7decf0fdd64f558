#pragma once
// Ed25519 signing and verification of feed bytes (libsodium). Keys and signatures
// travel as standard base64 so they fit in a config file, a header or a one-line file.

#include "result.h"

#include <string>
#include <string_view>

namespace coi::feed {

struct KeyPair {
    std::string public_key; // base64 of 32 bytes
    std::string secret_key; // base64 of 64 bytes; keep it in a 0600 file
};

KeyPair generate_key_pair();
Result<std::string> sign_bytes(std::string_view bytes, std::string_view secret_key_b64); // base64 signature
Result<Ok> verify_bytes(std::string_view bytes, std::string_view signature_b64, std::string_view public_key_b64);
Result<std::string> public_key_of(std::string_view secret_key_b64);

std::string sha256_hex(std::string_view bytes); // lowercase hex, for content-addressed media
std::string base64_encode(std::string_view bytes);
Result<std::string> base64_decode(std::string_view text);

} // namespace coi::feed
