#include "kiosk/platform/disk_cache.h"
#include "kiosk/platform/prefault.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace coi::platform {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kPartSuffix = ".part"; // a write in progress, or one a power cut interrupted

// Every file ends with these 8 bytes and the checksum of what comes before them, little-endian.
constexpr std::string_view kTrailerMagic = "coi-sum1";
constexpr std::size_t kTrailerBytes = 16;

std::string trailer_for(std::string_view bytes)
{
    std::string trailer(kTrailerMagic);
    std::uint64_t sum = DiskCache::checksum(bytes);
    for (int i = 0; i < 8; ++i)
        trailer += static_cast<char>((sum >> (8 * i)) & 0xff);
    return trailer;
}

} // namespace

DiskCache::DiskCache(std::string folder) : m_folder(std::move(folder)) {}

bool DiskCache::valid_name(std::string_view name)
{
    if (name.empty() || name.size() > 200 || name.front() == '.')
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

// Eight bytes at a time with a multiply and a rotate: megabytes in a millisecond or two on a
// Pi (the atlas is read at every start), and any changed, lost or added byte changes it.
std::uint64_t DiskCache::checksum(std::string_view bytes)
{
    constexpr std::uint64_t kPrime = 0x9E3779B97F4A7C15ULL;
    std::uint64_t h = 0xCBF29CE484222325ULL ^ (bytes.size() * kPrime);
    std::size_t i = 0;
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + i, 8);
        h = (h ^ word) * kPrime;
        h = (h << 31) | (h >> 33);
    }
    for (; i < bytes.size(); ++i)
        h = ((h ^ static_cast<unsigned char>(bytes[i])) * kPrime);
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 32;
    return h;
}

std::optional<std::string> DiskCache::read(std::string_view name) const
{
    if (!enabled() || !valid_name(name))
        return std::nullopt;
    fs::path path = fs::path(m_folder) / std::string(name);
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    // One read of the whole file: these are megabytes (an atlas, a picture), read at start.
    struct stat st {};
    std::optional<std::string> out;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        const auto size = static_cast<std::size_t>(st.st_size);
        std::string bytes;
        bytes.reserve(size);
        prefault(bytes.data(), size); // written whole just below (prefault.h)
        bytes.resize(size);
        std::size_t done = 0;
        while (done < bytes.size()) {
            ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
            if (n <= 0)
                break;
            done += static_cast<std::size_t>(n);
        }
        if (done == bytes.size() && bytes.size() >= kTrailerBytes) {
            std::string_view body(bytes.data(), bytes.size() - kTrailerBytes);
            if (std::string_view(bytes).substr(body.size()) == trailer_for(body)) {
                bytes.resize(body.size());
                out = std::move(bytes);
            }
        }
    }
    ::close(fd);
    return out;
}

bool DiskCache::write(std::string_view name, std::string_view bytes) const
{
    if (!enabled() || !valid_name(name))
        return false;
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    fs::path final_path = fs::path(m_folder) / std::string(name);
    fs::path part = final_path;
    part += std::string(kPartSuffix);
    int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    auto write_all = [fd](std::string_view data) {
        std::size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::write(fd, data.data() + done, data.size() - done);
            if (n <= 0)
                return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    };
    // The data reaches the disk before the name does: after a power cut the file under its
    // name is whole or absent.
    bool ok = write_all(bytes) && write_all(trailer_for(bytes)) && ::fsync(fd) == 0;
    ok = ::close(fd) == 0 && ok;
    if (ok)
        fs::rename(part, final_path, ec);
    if (!ok || ec) {
        fs::remove(part, ec);
        return false;
    }
    return true;
}

void DiskCache::keep_only(const std::function<bool(std::string_view name)>& keep) const
{
    if (!enabled())
        return;
    std::error_code ec;
    std::vector<fs::path> unwanted;
    for (auto it = fs::directory_iterator(m_folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        std::string name = it->path().filename().string();
        bool part = name.size() > kPartSuffix.size() && name.compare(name.size() - kPartSuffix.size(), kPartSuffix.size(), kPartSuffix) == 0;
        if (part || !keep(name))
            unwanted.push_back(it->path());
    }
    for (auto& path : unwanted)
        fs::remove(path, ec);
}

} // namespace coi::platform
