#pragma once
// A folder of the test's own, made fresh and removed when the test ends, however it ends: a
// failed ASSERT returns from the test body early, and only a destructor still runs then.
// The name is unique (mkdtemp), so two runs of the same test (ctest -j, a repeated
// --gtest_repeat) never share or wipe each other's files.

#include <filesystem>
#include <string>
#include <string_view>

namespace coi::test {

class TempDir {
public:
    explicit TempDir(std::string_view name); // under the system's temporary folder: coi-<name>-XXXXXX
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::string string() const { return m_path.string(); }
    const char* c_str() const { return m_path.c_str(); }
    std::filesystem::path operator/(std::string_view child) const { return m_path / child; }
    operator const std::filesystem::path&() const { return m_path; } // NOLINT: reads as a path where one is wanted

private:
    std::filesystem::path m_path;
};

} // namespace coi::test
