// kiosk-content on a full disk: a coordinator's change that cannot be saved is refused with
// words they can pass on ("the server's disk is full"), not "something went wrong", and the
// server keeps serving what it has.
#include "server_fixture.h"
#include "server_process.h"

#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace coi::server::test;
namespace fs = std::filesystem;

namespace {

// The data folder moved onto a 4 MB tmpfs (as a small SD card), unmounted lazily at the end
// so the server can still be running when this goes.
struct SmallDisk {
    std::string data;
    bool mounted = false;
    ~SmallDisk()
    {
        if (mounted)
            std::system(("umount -l " + data + " 2>/dev/null").c_str());
    }
    // Moves the server's data folder onto the tmpfs; `mounted` says whether it could.
    void take(const std::string& folder)
    {
        data = folder;
        std::string kept = folder + ".before";
        fs::rename(folder, kept);
        fs::create_directories(folder);
        if (std::system(("mount -t tmpfs -o size=4m,mode=0700 tmpfs " + folder).c_str()) != 0)
            return;
        mounted = true;
        fs::copy(kept, folder, fs::copy_options::recursive);
    }
    // Fills it to the last byte.
    void fill() const
    {
        std::ofstream filler(data + "/filler", std::ios::binary);
        std::string block(64 * 1024, 'x');
        while (filler.write(block.data(), static_cast<std::streamsize>(block.size())))
            ;
    }
};

} // namespace

TEST(FullDisk, AChangeThatCannotBeSavedSaysTheDiskIsFullAndTheServerKeepsServing)
{
    if (::geteuid() != 0)
        GTEST_SKIP() << "mounting a small disk needs root";
    SmallDisk disk;
    ServerProcess::Options options;
    options.prepare = [&disk](const std::string& data) { disk.take(data); };
    ServerProcess server(options);
    if (!disk.mounted)
        GTEST_SKIP() << "cannot mount a tmpfs here";
    ASSERT_TRUE(server.started()) << server.output();
    Client admin(server.port());
    ASSERT_EQ(admin.login("admin", ServerProcess::kAdminPassword).status, 200);
    disk.fill();
    nlohmann::json user{{"name", "marian"}, {"password", "a long enough password"}, {"role", "admin"}, {"sites", nlohmann::json::array()}};
    Reply reply;
    // A page of the database may still have room for a small row; a few writes reach the end.
    for (int i = 0; i < 50; ++i) {
        user["name"] = "marian" + std::to_string(i);
        reply = admin.post("/api/admin/users", user);
        if (reply.status != 201)
            break;
    }
    EXPECT_EQ(reply.status, 507) << reply.body;
    EXPECT_EQ(reply.json()["code"], "disk_full") << reply.body;
    EXPECT_NE(reply.json()["error"].get<std::string>().find("the server's disk is full"), std::string::npos) << reply.body;
    // Still serving: a health check, and what is stored reads back.
    EXPECT_EQ(Client(server.port()).get("/healthz").status, 200);
    EXPECT_EQ(admin.get("/api/admin/users").status, 200);
    EXPECT_TRUE(server.alive()) << server.how_it_ended();
}

TEST(FullDisk, RestartedOnAFullDiskTheServerStartsReadOnlyServesWhatItHoldsAndSaysWhy)
{
    if (::geteuid() != 0)
        GTEST_SKIP() << "mounting a small disk needs root";
    SmallDisk disk;
    ServerProcess::Options options;
    options.prepare = [&disk](const std::string& data) {
        disk.take(data);
        // A server that has run before: its signing key made (`public-key` makes it).
        if (!disk.mounted || std::system((std::string(KIOSK_CONTENT_BINARY) + " --data " + data + " public-key > /dev/null").c_str()) != 0)
            return;
        disk.fill(); // full before the server starts
    };
    ServerProcess server(options);
    if (!disk.mounted)
        GTEST_SKIP() << "cannot mount a tmpfs here";
    ASSERT_TRUE(server.started()) << server.output();
    EXPECT_NE(server.output().find("serving what the database holds, read-only"), std::string::npos) << server.output();
    EXPECT_EQ(Client(server.port()).get("/healthz").status, 200);
    // Signing in needs a session saved: refused with the reason a person can pass on.
    auto login = Client(server.port()).login("admin", ServerProcess::kAdminPassword);
    EXPECT_EQ(login.status, 507) << login.body;
    EXPECT_NE(login.body.find("the server's disk is full"), std::string::npos) << login.body;
    EXPECT_TRUE(server.alive()) << server.how_it_ended();
}
