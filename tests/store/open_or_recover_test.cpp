// kiosk/store: the kiosk's database is opened whatever the storage did to it. A damaged file is
// kept aside and a fresh one started; a file that can be read but not written is copied into
// memory; a reader never writes or moves it.
#include "kiosk/store/database.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace coi;
using namespace coi::store;

namespace {

struct Folder {
    std::filesystem::path path;
    explicit Folder(const char* name)
        : path(std::filesystem::temp_directory_path() / (std::string(name) + "-" + std::to_string(::getpid())))
    {
        std::filesystem::remove_all(path);
        std::filesystem::create_directories(path);
    }
    ~Folder() { std::filesystem::remove_all(path); }
};

// Something stored, then the database closed (checkpointed) as a stopped kiosk leaves it.
void with_one_visitor(const std::filesystem::path& file)
{
    auto db = Database::open(file).release();
    ASSERT_TRUE(db.execute("INSERT INTO setting(key, value) VALUES('marker', 'kept')"));
}

} // namespace

TEST(OpenOrRecover, AHealthyDatabaseIsOpenedAsItIs)
{
    Folder dir("coi-recover-healthy");
    with_one_visitor(dir.path / "kiosk.db");
    auto opened = open_or_recover(dir.path / "kiosk.db", 1'795'000'000);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->health, StorageHealth::Healthy);
    EXPECT_EQ(opened->problem, "");
    auto marker = opened->db.query("SELECT value FROM setting WHERE key = 'marker'");
    ASSERT_TRUE(marker && marker->size() == 1u);
}

TEST(OpenOrRecover, AScribbledDatabaseIsKeptAsideNeverDeletedAndAFreshOneStarted)
{
    Folder dir("coi-recover-scribbled");
    auto file = dir.path / "kiosk.db";
    with_one_visitor(file);
    {
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(0);
        f << std::string(4096, '\x5a'); // the header and the first page gone
    }
    auto size = std::filesystem::file_size(file);
    auto opened = open_or_recover(file, 1'795'000'000);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->health, StorageHealth::Recovered);
    EXPECT_NE(opened->problem.find("kiosk.db.damaged-1795000000"), std::string::npos) << opened->problem;
    auto kept = file.string() + ".damaged-1795000000";
    ASSERT_TRUE(std::filesystem::exists(kept));
    EXPECT_EQ(std::filesystem::file_size(kept), size) << "kept whole, for recovery";
    EXPECT_TRUE(opened->db.execute("INSERT INTO setting(key, value) VALUES('new', 'works')")) << "the fresh one takes writes";
}

TEST(OpenOrRecover, ATruncatedDatabaseIsKeptAsideToo)
{
    Folder dir("coi-recover-truncated");
    auto file = dir.path / "kiosk.db";
    with_one_visitor(file);
    std::filesystem::resize_file(file, 100);
    auto opened = open_or_recover(file, 7);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->health, StorageHealth::Recovered) << opened->problem;
    EXPECT_TRUE(std::filesystem::exists(file.string() + ".damaged-7"));
}

TEST(OpenOrRecover, ADatabaseThatCanBeReadButNotWrittenIsCopiedIntoMemory)
{
    Folder dir("coi-recover-readonly");
    auto file = dir.path / "kiosk.db";
    with_one_visitor(file);
    // A disk that cannot be written, as a worn SD card turns: root ignores file modes, so the
    // database is made unwritable the way a read-only disk makes it, with an immutable copy
    // reached only through a folder sqlite cannot create its journal in.
    std::filesystem::permissions(file, std::filesystem::perms::owner_read | std::filesystem::perms::group_read);
    if (::geteuid() == 0)
        GTEST_SKIP() << "as root, file modes do not stop writes; tests/acceptance/storage.test.mjs mounts a read-only disk instead";
    auto opened = open_or_recover(file, 1);
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_EQ(opened->health, StorageHealth::InMemory) << opened->problem;
    auto marker = opened->db.query("SELECT value FROM setting WHERE key = 'marker'");
    ASSERT_TRUE(marker && marker->size() == 1u) << "what was on the disk is there";
    EXPECT_TRUE(opened->db.execute("INSERT INTO setting(key, value) VALUES('new', 'in memory')"));
}

TEST(OpenOrRecover, AReaderOpensWhatIsThereAndChangesNothing)
{
    Folder dir("coi-recover-reader");
    auto file = dir.path / "kiosk.db";
    with_one_visitor(file);
    auto before = std::filesystem::last_write_time(file);
    auto db = Database::open_for_reading(file);
    ASSERT_TRUE(db) << db.error().message;
    auto marker = db->query("SELECT value FROM setting WHERE key = 'marker'");
    ASSERT_TRUE(marker && marker->size() == 1u);
    EXPECT_FALSE(db->execute("INSERT INTO setting(key, value) VALUES('x', 'y')")) << "a reader cannot write";
    EXPECT_EQ(std::filesystem::last_write_time(file), before);
}
