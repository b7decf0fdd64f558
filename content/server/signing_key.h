#pragma once
// The Ed25519 feed-signing key in the data directory: created on first start with mode
// 0600, never leaves the machine. Rotation keeps the old key beside it and writes an
// endorsement (the new public key signed by the old one) that kiosks can check.

#include "outcome.h"

#include <string>

namespace coi::server {

struct SigningKey {
    std::string secret_key; // base64, 64 bytes
    std::string public_key; // base64, 32 bytes
};

struct KeyEndorsement {
    std::string public_key;          // the new key
    std::string previous_public_key; // the key kiosks have pinned
    std::string signature;           // previous key's signature over endorsement_message(public_key)
};

std::string key_path(const std::string& data_dir);
std::string endorsement_path(const std::string& data_dir);
std::string endorsement_message(const std::string& new_public_key); // "coi-key-rotation:v1:" + key

Outcome<SigningKey> load_or_create_key(const std::string& data_dir);
Outcome<SigningKey> load_key(const std::string& data_dir);           // never creates
Outcome<KeyEndorsement> rotate_key(const std::string& data_dir);     // old key kept as signing.key.<time>.retired
Outcome<KeyEndorsement> load_endorsement(const std::string& data_dir); // NotFound before any rotation

} // namespace coi::server
