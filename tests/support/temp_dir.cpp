#include "temp_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace coi::test {

TempDir::TempDir(std::string_view name)
{
    std::string pattern = (std::filesystem::temp_directory_path() / ("coi-" + std::string(name) + "-XXXXXX")).string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!::mkdtemp(buffer.data()))
        // A test that cannot have its folder cannot test anything: stop it loudly.
        throw std::runtime_error("cannot make a temporary folder " + pattern + ": " + std::strerror(errno));
    m_path = buffer.data();
}

TempDir::~TempDir()
{
    std::error_code ignored; // a test that made a file read-only must not turn into a crash here
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ignored);
    std::filesystem::remove_all(m_path, ignored);
}

} // namespace coi::test
