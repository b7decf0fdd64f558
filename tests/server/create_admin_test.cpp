// `kiosk-content create-admin` typed at a real terminal (a pseudo-terminal): the password is
// not shown as it is typed; from a pipe it is read as before.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <poll.h>
#include <pty.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

constexpr const char* kPassword = "seventeen quiet lanterns";

class DataDir {
public:
    DataDir()
    {
        char name[] = "/tmp/coi-create-admin-XXXXXX";
        m_path = mkdtemp(name);
    }
    ~DataDir() { std::filesystem::remove_all(m_path); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// Reads what the terminal shows until `until` appears, the program ends, or 20 s pass.
std::string read_until(int master, const std::string& until, std::string seen = {})
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline && (until.empty() || seen.find(until) == std::string::npos)) {
        pollfd fd{master, POLLIN, 0};
        if (poll(&fd, 1, 200) <= 0)
            continue;
        char buffer[512];
        auto got = read(master, buffer, sizeof buffer);
        if (got <= 0)
            break; // the program ended and closed its side
        seen.append(buffer, static_cast<std::size_t>(got));
    }
    return seen;
}

struct Typed {
    std::string screen; // everything the terminal showed
    int status = -1;
};

Typed type_password_at_a_terminal(const std::string& data_dir)
{
    int master = -1;
    pid_t child = forkpty(&master, nullptr, nullptr, nullptr);
    if (child == 0) {
        execl(KIOSK_CONTENT_BINARY, KIOSK_CONTENT_BINARY, "--data", data_dir.c_str(), "create-admin", "--user", "rosa",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    Typed typed;
    if (child < 0)
        return typed;
    typed.screen = read_until(master, "Password for rosa");
    std::string line = std::string(kPassword) + "\n";
    if (write(master, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
        ADD_FAILURE() << "could not type at the terminal";
    typed.screen = read_until(master, "", typed.screen);
    close(master);
    int status = 0;
    waitpid(child, &status, 0);
    typed.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return typed;
}

} // namespace

TEST(CreateAdmin, APasswordTypedAtATerminalIsNotShown)
{
    DataDir data;
    auto typed = type_password_at_a_terminal(data.path());
    EXPECT_EQ(typed.status, 0) << typed.screen;
    EXPECT_NE(typed.screen.find("Password for rosa"), std::string::npos) << typed.screen;
    EXPECT_EQ(typed.screen.find(kPassword), std::string::npos) << "the password was echoed: " << typed.screen;
    EXPECT_NE(typed.screen.find("Created admin account \"rosa\""), std::string::npos) << typed.screen;
}

TEST(CreateAdmin, APasswordFromAPipeStillWorksWithoutAPrompt)
{
    DataDir data;
    auto out = data.path() + "/out.txt";
    auto command = std::string("printf '%s\\n' '") + kPassword + "' | " + KIOSK_CONTENT_BINARY + " --data " + data.path() +
                   " create-admin --user rosa > " + out + " 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::ifstream file(out);
    std::string shown((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    EXPECT_NE(shown.find("Created admin account \"rosa\""), std::string::npos) << shown;
    EXPECT_EQ(shown.find("Password for"), std::string::npos) << "no prompt into a script's log";
}
