#include "kiosk/app/planner.h"

namespace coi::app {

Planner::Planner(std::function<void()> on_ready) : m_on_ready(std::move(on_ready)), m_thread([this] { loop(); }) {}

Planner::~Planner()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

void Planner::request(std::shared_ptr<const feed::Feed> feed, const core::TimeZone& zone, feed::Date today)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending = Request{std::move(feed), zone, today};
    }
    m_changed.notify_all();
}

std::shared_ptr<const core::Plans> Planner::take_ready()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_ready, nullptr);
}

bool Planner::idle() const
{
    std::lock_guard lock(m_mutex);
    return !m_pending && !m_working;
}

void Planner::wait_until_idle()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_pending && !m_working; });
}

void Planner::loop()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stopping || m_pending; });
        if (m_stopping)
            return;
        Request request = std::move(*m_pending);
        m_pending.reset();
        m_working = true;
        lock.unlock();
        // The expansion itself, outside the lock: the frame can take the previous plan or ask
        // for another meanwhile. libical is serialised by the calendar module's own lock.
        auto plans = std::make_shared<const core::Plans>(core::plan_ahead(request.feed, request.zone, request.today));
        lock.lock();
        m_ready = std::move(plans);
        m_working = false;
        lock.unlock();
        m_changed.notify_all();
        if (m_on_ready)
            m_on_ready();
        lock.lock();
    }
}

} // namespace coi::app
