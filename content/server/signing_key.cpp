#include "signing_key.h"

#include "content/feed/sign.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace coi::server {

namespace fs = std::filesystem;

namespace {

Done write_private_file(const std::string& path, const std::string& contents)
{
    // O_EXCL: never overwrite a key; 0600 from the first byte, not chmod afterwards.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return Failure{FailureKind::Internal, "cannot create " + path + ": " + std::strerror(errno)};
    auto written = ::write(fd, contents.data(), contents.size());
    bool ok = written == static_cast<ssize_t>(contents.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok)
        return Failure{FailureKind::Internal, "cannot write " + path};
    return done();
}

std::string read_trimmed(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::string value = text.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r' || value.back() == ' '))
        value.pop_back();
    return value;
}

} // namespace

std::string key_path(const std::string& data_dir) { return (fs::path(data_dir) / "signing.key").string(); }
std::string endorsement_path(const std::string& data_dir) { return (fs::path(data_dir) / "key-endorsement.json").string(); }
std::string endorsement_message(const std::string& new_public_key) { return "coi-key-rotation:v1:" + new_public_key; }

Outcome<SigningKey> load_key(const std::string& data_dir)
{
    auto path = key_path(data_dir);
    std::error_code ec;
    if (!fs::exists(path, ec))
        return not_found("no signing key at " + path + " (start the server once to create it)");
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 0077) != 0)
        return Failure{FailureKind::Internal, path + " is readable by other users; run chmod 600 " + path};
    SigningKey key;
    key.secret_key = read_trimmed(path);
    auto public_key = feed::public_key_of(key.secret_key);
    if (!public_key)
        return Failure{FailureKind::Internal, path + " is not a signing key: " + public_key.error().message};
    key.public_key = *public_key;
    return key;
}

Outcome<SigningKey> load_or_create_key(const std::string& data_dir)
{
    std::error_code ec;
    if (fs::exists(key_path(data_dir), ec))
        return load_key(data_dir);
    auto pair = feed::generate_key_pair();
    if (auto written = write_private_file(key_path(data_dir), pair.secret_key + "\n"); !written)
        return written.failure();
    return SigningKey{pair.secret_key, pair.public_key};
}

Outcome<KeyEndorsement> rotate_key(const std::string& data_dir)
{
    auto old_key = load_key(data_dir);
    if (!old_key)
        return old_key.failure();
    auto retired = key_path(data_dir) + "." + std::to_string(std::time(nullptr)) + ".retired";
    std::error_code ec;
    fs::rename(key_path(data_dir), retired, ec);
    if (ec)
        return Failure{FailureKind::Internal, "cannot move the old key aside: " + ec.message()};
    auto fresh = load_or_create_key(data_dir);
    if (!fresh) {
        fs::rename(retired, key_path(data_dir), ec); // put the old key back: nothing half-done
        return fresh.failure();
    }
    auto signature = feed::sign_bytes(endorsement_message(fresh->public_key), old_key->secret_key);
    if (!signature)
        return Failure{FailureKind::Internal, signature.error().message};
    KeyEndorsement endorsement{fresh->public_key, old_key->public_key, *signature};
    nlohmann::json doc{{"public_key", endorsement.public_key},
                       {"previous_public_key", endorsement.previous_public_key},
                       {"signature", endorsement.signature}};
    auto path = endorsement_path(data_dir);
    fs::remove(path, ec);
    if (auto written = write_private_file(path, doc.dump(2) + "\n"); !written)
        return written.failure();
    ::chmod(path.c_str(), 0644); // public information
    return endorsement;
}

Outcome<KeyEndorsement> load_endorsement(const std::string& data_dir)
{
    auto path = endorsement_path(data_dir);
    std::error_code ec;
    if (!fs::exists(path, ec))
        return not_found("this server's key has never been rotated");
    auto doc = nlohmann::json::parse(read_trimmed(path), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return Failure{FailureKind::Internal, path + " is not valid JSON"};
    return KeyEndorsement{doc.value("public_key", ""), doc.value("previous_public_key", ""), doc.value("signature", "")};
}

} // namespace coi::server
