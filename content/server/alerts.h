#pragma once
// The checker behind "screens that ask for help": once a minute (the [screens]
// check_seconds), every screen's problems are worked out (screen_health.h, with the time as
// a parameter) and compared with those already told (the screen_problems table). A problem
// that starts is told once; one that clears is told once; the table keeps that true across
// restarts. Telling is an email to the building's coordinators and admins who gave an
// address, and a POST to the building's webhook, through Outbound's queue: the checker
// never waits on a mail server.

#include "outbound.h"
#include "repository.h"
#include "screen_health.h"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace coi::server {

// The words told when a problem starts or clears, for a screen in a building.
OutboundMessage problem_message(
    const std::string& building, const std::string& screen, ProblemKind, const std::string& words, bool cleared, const std::string& admin_url);

class AlertChecker {
public:
    // admin_url: where the Screens page is, for the link in each message ("" for none).
    AlertChecker(Repository& repository, Outbound& outbound, std::string admin_url, std::chrono::seconds every);
    ~AlertChecker();
    AlertChecker(const AlertChecker&) = delete;
    AlertChecker& operator=(const AlertChecker&) = delete;

    void start();
    void stop();

    struct Told {
        int started = 0;
        int cleared = 0;
    };
    Told check_now(); // one look at every screen, at the repository's now(); the thread calls it too

private:
    struct Building {
        std::string name;
        SiteHealth health;
        SiteAlerts alerts;
    };
    std::map<std::string, Building> buildings(); // each read once per look: its hours, newest version, limit
    void tell(const Building&, const Screen&, ProblemKind, const std::string& words, bool cleared);
    void run();
    Repository& m_repository;
    Outbound& m_outbound;
    std::string m_admin_url;
    std::chrono::seconds m_every;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::mutex m_checking; // one look at a time: the thread's and a test's
    std::thread m_thread;
};

} // namespace coi::server
