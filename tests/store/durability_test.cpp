// Durability: a check-in the screen has confirmed survives a power cut. A child process
// checks visitors in and reports each one only after the store's commit returned (as
// the screen only says "Welcome" then); the parent kills it with SIGKILL at random
// moments, again and again. Afterwards the database must be intact and hold every
// confirmed check-in.
#include "tests/support/temp_dir.h"
#include "kiosk/store/checkin_store.h"

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <random>
#include <set>
#include <sys/wait.h>
#include <unistd.h>

using namespace coi::store;

namespace {

[[noreturn]] void check_in_until_killed(const std::string& path, int round, int write_fd)
{
    auto db = Database::open(path);
    if (!db)
        _exit(3);
    CheckinStore store(*db);
    std::mt19937 random(static_cast<unsigned>(round) * 7919u);
    for (int i = 0;; ++i) {
        std::string name = "r" + std::to_string(round) + "v" + std::to_string(i);
        auto saved = store.check_in("appointment", "named", "", name, "", [&] {
            std::string code;
            for (int k = 0; k < 4; ++k)
                code += "ACDEFGHJKMNPQRTUVWXY34679"[random() % 25];
            return code;
        }, 1764000000 + i);
        if (!saved)
            _exit(4);
        if (i % 3 == 0)
            (void)store.check_out(saved->id, CheckoutKind::Self, 1764000100 + i);
        std::string line = name + "\n";
        if (write(write_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            _exit(5);
    }
}

} // namespace

TEST(Durability, EveryConfirmedCheckInSurvivesKillNine)
{
    coi::test::TempDir dir("durability");
    std::string path = (dir / "kiosk.db").string();
    std::set<std::string> confirmed;
    std::mt19937 random(20261125);
    int kills = 0;
    for (int round = 0; confirmed.size() < 500 || kills < 25; ++round) {
        ASSERT_LT(round, 400) << "the campaign made too little progress: " << confirmed.size() << " confirmed";
        int fds[2];
        ASSERT_EQ(pipe(fds), 0);
        pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            close(fds[0]);
            check_in_until_killed(path, round, fds[1]);
        }
        close(fds[1]);
        // Let it run a random while, then pull the plug.
        usleep(std::uniform_int_distribution<int>(5000, 150000)(random));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status)) << "the child stopped by itself with " << WEXITSTATUS(status);
        ++kills;
        std::string buffer(1 << 16, '\0'), pending;
        ssize_t n;
        while ((n = read(fds[0], buffer.data(), buffer.size())) > 0)
            pending.append(buffer.data(), static_cast<std::size_t>(n));
        close(fds[0]);
        // A line cut off by the kill was not confirmed; whole lines were.
        std::size_t start = 0;
        for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1)
            confirmed.insert(pending.substr(start, end - start));
    }
    auto db = Database::open(path);
    ASSERT_TRUE(db) << db.error().message;
    EXPECT_EQ(*db->integrity_check(), "ok");
    auto rows = db->query("SELECT first_name FROM checkin");
    ASSERT_TRUE(rows);
    std::set<std::string> stored;
    for (auto& r : *rows)
        stored.insert(r[0].bytes);
    std::size_t lost = 0;
    for (auto& name : confirmed)
        lost += stored.count(name) == 0;
    EXPECT_EQ(lost, 0u) << "of " << confirmed.size() << " confirmed check-ins over " << kills << " kills";
    RecordProperty("confirmed", static_cast<int>(confirmed.size()));
    RecordProperty("kills", kills);
    std::printf("durability: %zu confirmed check-ins, %d kill -9, %zu stored, %zu lost\n", confirmed.size(), kills, stored.size(), lost);
}
