#pragma once
// kiosk-content's HTTP service: cpp-httplib with the route tables from routes.h, JSON
// errors for anything that goes wrong (404, 413, exceptions), security headers on every
// answer, and the background calendar refresher.

#include "alerts.h"
#include "auth.h"
#include "config.h"
#include "connection_guard.h"
#include "feed_cache.h"
#include "ics_fetch.h"
#include "preview.h"
#include "repository.h"
#include "routes.h"
#include "update_notifier.h"

#include <httplib.h>

#include <memory>

namespace coi::server {

class HttpServer {
public:
    HttpServer(const Config& config, Repository& repository, FeedCache& feeds);
    ~HttpServer();

    Outcome<int> bind(const std::string& host, int port); // port 0: any free port; returns the port
    bool run();                                            // blocks until stop()
    void stop();
    void start_background_jobs();                         // calendar refresh, nchan publisher
    void saved();                                         // something may have a new version: tell the screens
    std::size_t waiter_limit() const { return m_waiters.limit(); }

private:
    void install_handlers();
    const Config& m_config;
    httplib::Server m_server;
    ConnectionGuard m_guard;
    VersionWaiters m_waiters;
    std::unique_ptr<NchanPublisher> m_publisher; // with [notify] nchan_publish_url
    int m_listener = -1; // the listening socket, to give it a real backlog after cpp-httplib's 5
    Auth m_auth;
    IcsRefresher m_ics;
    Previewer m_preview;
    // Screens that ask for help: the messages' queue and the checker that fills it.
    Outbound m_outbound;
    AlertChecker m_alerts;
    ServerContext m_context;
};

std::string default_web_root();

} // namespace coi::server
