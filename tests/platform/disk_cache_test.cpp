// kiosk/platform/disk_cache: files that can always be made again. A missing, torn or
// refused file is only a miss; nothing half-written is ever read back under its name.
#include "tests/support/temp_dir.h"
#include "kiosk/platform/disk_cache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

using namespace coi;
namespace fs = std::filesystem;

namespace {

void put(const fs::path& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

} // namespace

TEST(DiskCache, WhatIsWrittenIsReadBackWholeAndTheFolderIsMadeOnFirstWrite)
{
    coi::test::TempDir dir("disk-cache");
    platform::DiskCache cache((dir / "pictures").string());
    EXPECT_FALSE(cache.read("a.bmp"));
    std::string bytes("BM\0\1\2binary", 11);
    ASSERT_TRUE(cache.write("a.bmp", bytes));
    EXPECT_EQ(cache.read("a.bmp"), bytes);
    ASSERT_TRUE(cache.write("a.bmp", "newer"));
    EXPECT_EQ(cache.read("a.bmp"), "newer");
}

TEST(DiskCache, WithoutAFolderEveryReadMissesAndNothingIsWritten)
{
    platform::DiskCache none;
    EXPECT_FALSE(none.enabled());
    EXPECT_FALSE(none.write("a.bmp", "x"));
    EXPECT_FALSE(none.read("a.bmp"));
}

TEST(DiskCache, NamesThatCouldLeaveTheFolderAreRefused)
{
    coi::test::TempDir dir("disk-cache");
    platform::DiskCache cache(dir.path().string());
    for (const std::string& bad : std::vector<std::string>{"", "../escape", "a/b", ".hidden", "..", "sp ace", std::string(201, 'a')}) {
        EXPECT_FALSE(platform::DiskCache::valid_name(bad)) << bad;
        EXPECT_FALSE(cache.write(bad, "x")) << bad;
        EXPECT_FALSE(cache.read(bad)) << bad;
    }
    EXPECT_FALSE(fs::exists(dir.path().parent_path() / "escape"));
    EXPECT_TRUE(platform::DiskCache::valid_name("0a1b-640x360.bmp"));
}

TEST(DiskCache, AWriteAPowerCutInterruptedIsNeverReadAndIsClearedAway)
{
    coi::test::TempDir dir("disk-cache");
    platform::DiskCache cache(dir.path().string());
    ASSERT_TRUE(cache.write("kept.bmp", "whole"));
    put(dir / "torn.bmp.part", "half of a pic");
    EXPECT_FALSE(cache.read("torn.bmp"));
    cache.keep_only([](std::string_view) { return true; });
    EXPECT_FALSE(fs::exists(dir / "torn.bmp.part"));
    EXPECT_EQ(cache.read("kept.bmp"), "whole");
}

TEST(DiskCache, KeepOnlyRemovesWhatIsNoLongerWanted)
{
    coi::test::TempDir dir("disk-cache");
    platform::DiskCache cache(dir.path().string());
    ASSERT_TRUE(cache.write("old-1x1.bmp", "o"));
    ASSERT_TRUE(cache.write("new-1x1.bmp", "n"));
    cache.keep_only([](std::string_view name) { return name.substr(0, 4) == "new-"; });
    EXPECT_FALSE(cache.read("old-1x1.bmp"));
    EXPECT_EQ(cache.read("new-1x1.bmp"), "n");
}

TEST(DiskCache, AFolderThatCannotBeWrittenIsOnlyAMiss)
{
    coi::test::TempDir dir("disk-cache");
    fs::create_directories(dir.path());
    put(dir / "file", "not a folder");
    platform::DiskCache cache((dir / "file" / "pictures").string());
    EXPECT_FALSE(cache.write("a.bmp", "x"));
    EXPECT_FALSE(cache.read("a.bmp"));
    cache.keep_only([](std::string_view) { return false; }); // no folder to list: nothing happens
}

// A worn SD card changes bytes under a file's name without a write: the kiosk must not show
// the garbled atlas or picture, but make it again.
TEST(DiskCache, AFileWhoseBytesChangedOnDiskIsAMiss)
{
    coi::test::TempDir dir("disk-cache");
    platform::DiskCache cache(dir.path().string());
    std::string bytes(100000, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>(i * 7 + 3);
    ASSERT_TRUE(cache.write("atlas-0.bin", bytes));
    ASSERT_EQ(cache.read("atlas-0.bin"), bytes);
    for (std::size_t at : {std::size_t(0), std::size_t(5), bytes.size() / 2, bytes.size() - 1, bytes.size() + 3}) {
        ASSERT_TRUE(cache.write("atlas-0.bin", bytes));
        std::fstream file(dir / "atlas-0.bin", std::ios::in | std::ios::out | std::ios::binary);
        file.seekg(static_cast<std::streamoff>(at));
        char c = 0;
        file.get(c);
        file.seekp(static_cast<std::streamoff>(at));
        file.put(static_cast<char>(c ^ 0x10));
        file.close();
        EXPECT_FALSE(cache.read("atlas-0.bin")) << "a byte changed at " << at;
    }
    // Cut short, or a file from before files carried their checksum.
    ASSERT_TRUE(cache.write("atlas-0.bin", bytes));
    fs::resize_file(dir / "atlas-0.bin", bytes.size() / 2);
    EXPECT_FALSE(cache.read("atlas-0.bin"));
    put(dir / "old.bmp", "BM a raster with no trailer");
    EXPECT_FALSE(cache.read("old.bmp"));
    // Written again, it reads back.
    ASSERT_TRUE(cache.write("atlas-0.bin", bytes));
    EXPECT_EQ(cache.read("atlas-0.bin"), bytes);
    ASSERT_TRUE(cache.write("empty", ""));
    EXPECT_EQ(cache.read("empty"), "");
}
