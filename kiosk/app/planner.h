#pragma once
// The planning thread: expands the calendar into day plans (core::plan_ahead) away from the
// frame loop. The frame asks for a plan when new content arrives or the local date moves on,
// keeps drawing the plans it has meanwhile, and takes the finished plans between frames as one
// immutable snapshot (a shared_ptr swap), so a frame never waits on libical.

#include "content/feed/types.h"
#include "kiosk/core/plans.h"
#include "kiosk/core/time_zone.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace coi::app {

class Planner {
public:
    explicit Planner(std::function<void()> on_ready); // on_ready: called on the planning thread after each plan (wakes the frame loop)
    ~Planner();                                       // finishes the plan under way, then stops
    Planner(const Planner&) = delete;
    Planner& operator=(const Planner&) = delete;

    void request(std::shared_ptr<const feed::Feed>, const core::TimeZone&, feed::Date today); // a plan to make; a newer request replaces one not yet started
    std::shared_ptr<const core::Plans> take_ready(); // the latest finished plan not yet taken, or nullptr
    bool idle() const;                               // nothing asked for that is not finished
    void wait_until_idle();                          // tests and screenshots: until every request so far is planned

private:
    struct Request {
        std::shared_ptr<const feed::Feed> feed;
        core::TimeZone zone = core::TimeZone::utc();
        feed::Date today;
    };
    void loop();

    std::function<void()> m_on_ready;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::optional<Request> m_pending;
    bool m_working = false;
    bool m_stopping = false;
    std::shared_ptr<const core::Plans> m_ready;
    std::thread m_thread; // last: started once everything above exists
};

} // namespace coi::app
