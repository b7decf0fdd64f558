#pragma once
// A folder of files that are slow to make and quick to read back: pictures rasterised at the
// size they are shown and the font atlas. The kiosk starts (after every power cut, every
// morning) far faster from them. Everything in it can be made again, so a missing, torn or
// stale file is only a miss; each file is written beside and renamed, so a power cut never
// leaves half of one under its name. Each file ends with a checksum of what it holds: a
// worn SD card's scribbled bytes showed garbled text or noise on every start, so a file
// whose checksum does not match is a miss too, and is made again.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace coi::platform {

class DiskCache {
public:
    DiskCache() = default;                  // no folder: every read misses and writes do nothing
    explicit DiskCache(std::string folder); // made when first written to
    bool enabled() const { return !m_folder.empty(); }

    std::optional<std::string> read(std::string_view name) const;   // nothing when missing, torn or scribbled
    bool write(std::string_view name, std::string_view bytes) const; // false: not kept (full disk, read-only); harmless
    // Removes every file whose name keep() refuses, and leftovers of interrupted writes.
    void keep_only(const std::function<bool(std::string_view name)>& keep) const;

    static bool valid_name(std::string_view name); // letters, digits, '-', '_', '.'; no leading '.'
    static std::uint64_t checksum(std::string_view bytes); // what each file's trailer holds (not cryptographic: it finds wear, not malice)

private:
    std::string m_folder;
};

} // namespace coi::platform
