#include "http_server.h"

#include "database.h"
#include "http_util.h"
#include "socket_info.h"

#include <sys/socket.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

namespace coi::server {

std::string default_web_root()
{
    // A developer build serves the pages from the source tree (edit, reload); an installed
    // binary from where `install` put them.
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(COI_DEFAULT_WEB_ROOT) / "index.html", ec))
        return COI_DEFAULT_WEB_ROOT;
    return COI_INSTALLED_WEB_ROOT;
}

HttpServer::HttpServer(const Config& config, Repository& repository, FeedCache& feeds)
    : m_config(config),
      // Behind a proxy every connection comes from the proxy: it limits per client (nginx's
      // limit_conn), and a limit here would be one for everybody at once.
      m_guard(connection_limits_for(config.threads, !config.trust_proxy)),
      m_waiters(waiter_limit_for(connection_limits_for(config.threads, !config.trust_proxy).max_screen_requests)), m_auth(repository, config),
      m_ics(repository, config.ics_refresh_minutes, config.ics_allow_private_addresses ? PrivateAddresses::Allow : PrivateAddresses::Refuse),
      m_preview(config.preview_kiosk_binary, config.data_dir), m_outbound(config.mail),
      m_alerts(repository, m_outbound, config.public_url.empty() ? std::string() : config.public_url + "/admin/#/screens",
          std::chrono::seconds(config.check_seconds)),
      m_context{config, repository, feeds, m_auth, m_ics, config.web_root.empty() ? default_web_root() : config.web_root, config.data_dir, m_waiters, m_preview}
{
    if (!config.nchan_publish_url.empty())
        m_publisher = std::make_unique<NchanPublisher>(
            config.nchan_publish_url,
            [&repository] {
                std::vector<SiteVersion> versions;
                for (auto& site : repository.sites())
                    versions.push_back({site.id, site.content_version});
                return versions;
            },
            [&repository] {
                std::vector<ScreenActionWaiting> waiting;
                for (auto& [screen, newest] : repository.newest_pending_actions())
                    waiting.push_back({screen, newest});
                return waiting;
            });
    m_ics.on_refreshed([this] { saved(); });
    install_handlers();
}

HttpServer::~HttpServer()
{
    stop();
    if (m_publisher)
        m_publisher->stop();
    m_guard.stop();
    m_ics.stop();
    m_alerts.stop();
    m_outbound.stop();
}

void HttpServer::install_handlers()
{
    // Each route's body limit is its own (bounded_body in http_util.h, counted after
    // decompression); this is only cpp-httplib's outer bound on a declared Content-Length.
    m_server.set_payload_max_length(kMaxDrainBytes);
    // One thread per connection from a fixed pool: nothing may hold one for long. A read
    // that waits 5 s for a single byte ends the connection; ConnectionGuard ends those that
    // trickle (headers unfinished or idle for 10 s, a request over 2 minutes, too many from
    // one address), which no per-read time-out can see.
    m_server.set_read_timeout(5);
    m_server.set_write_timeout(10);
    m_server.set_keep_alive_timeout(2);
    m_server.set_keep_alive_max_count(100);
    m_server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (m_guard.request_started(req.remote_addr, req.remote_port, request_class(req.path)))
            return httplib::Server::HandlerResponse::Unhandled;
        // Its class has every thread it may have: answered now, its body unread, and the
        // connection ended once the answer is written (below), so the thread is free at once.
        res.set_header("Connection", "close");
        res.set_header("Retry-After", "5");
        send_error(res, 503, "busy", "the server is busy; try again in a few seconds");
        return httplib::Server::HandlerResponse::Handled;
    });
    m_server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        // Called once the answer is written. cpp-httplib 0.11 gives a handler no way to end
        // its connection, and after the answer it reads whatever the client sends next as the
        // next request: the rest of a refused body, one "line" at a time into a buffer with no
        // limit. So an answer that says Connection: close (a refused body, a refused request)
        // ends its connection here, found by its two ends. Not earlier: cpp-httplib does not
        // write an answer to a socket it can no longer read from (the client saw nothing).
        bool refused = m_guard.request_finished(req.remote_addr, req.remote_port);
        if (refused || (res.status >= 400 && res.get_header_value("Connection") == "close"))
            if (auto fd = fd_of_connection(req.local_addr, req.local_port, req.remote_addr, req.remote_port))
                ::shutdown(*fd, SHUT_RDWR);
    });
    m_server.set_socket_options([this](socket_t fd) {
        httplib::default_socket_options(fd);
        m_listener = fd;
    });
    // Headers and body go out in separate writes; without this, Nagle and delayed ACKs
    // hold every full feed back by ~40 ms.
    m_server.set_tcp_nodelay(true);
    m_server.new_task_queue = [threads = m_config.threads] {
        return new httplib::ThreadPool(static_cast<std::size_t>(threads));
    };

    m_server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        bool disk_full = false;
        try {
            std::rethrow_exception(ep);
        } catch (const DatabaseError& error) {
            what = error.what();
            disk_full = error.disk_full;
        } catch (const std::exception& error) {
            what = error.what();
        } catch (...) {
        }
        std::cerr << "kiosk-content: internal error: " << what << "\n";
        if (disk_full) // the one failure the person at the page can pass on to someone who can mend it
            return send_error(res, 507, "disk_full", "the server's disk is full (or read-only), so this was not saved and nothing was changed; "
                                                     "ask whoever runs the server to free some space, then try again");
        send_error(res, 500, "internal", "something went wrong on the server; nothing was changed");
    });
    // 404 for unknown routes, 413 from the payload limit, 400 from bad requests: all JSON.
    m_server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
            return httplib::Server::HandlerResponse::Unhandled;
        if (res.status == 404)
            send_error(res, 404, "not_found", "nothing at " + req.path);
        else if (res.status == 413)
            send_error(res, 413, "too_large", "the request body is too large (JSON up to 1 MB, images up to 10 MB)");
        else
            send_error(res, res.status, "bad_request", "the request could not be understood");
        return httplib::Server::HandlerResponse::Handled;
    }));
    m_server.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        m_guard.request_answered(req.remote_addr, req.remote_port);
        // Any write that went through may have given a site a new version (the handler has
        // committed it by now); the waiters and the publisher read the versions themselves.
        if (req.method != "GET" && req.method != "HEAD" && res.status < 400)
            saved();
        // A 304 has no body for these to protect, and a cache keeps the ones the 200 it
        // revalidates came with: leaving them out takes 253 of the 438 bytes off every
        // unchanged kiosk poll (scripts/bench/sync).
        if (res.status == 304)
            return;
        res.set_header("X-Content-Type-Options", "nosniff");
        res.set_header("Referrer-Policy", "same-origin");
        res.set_header("X-Frame-Options", "DENY");
        if (!res.has_header("Content-Security-Policy"))
            res.set_header("Content-Security-Policy",
                           "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; "
                           "base-uri 'none'; form-action 'self'");
        if (!res.has_header("Cache-Control"))
            res.set_header("Cache-Control", "no-store");
    });

    add_kiosk_routes(m_server, m_context);
    add_admin_routes(m_server, m_context);
    add_content_routes(m_server, m_context);
    add_report_routes(m_server, m_context);
    add_public_routes(m_server, m_context);
    add_preview_routes(m_server, m_context);
    add_emergency_routes(m_server, m_context);
    add_alert_routes(m_server, m_context);
    add_suggestion_routes(m_server, m_context);
    add_group_routes(m_server, m_context);
    // Last, so they match only what no route above does: without them cpp-httplib reads an
    // unrouted request's body whole (chunked or length-less: without limit) before its 404.
    m_server.Post(".*", refuse_unrouted_body);
    m_server.Put(".*", refuse_unrouted_body);
    m_server.Patch(".*", refuse_unrouted_body);
    m_server.Delete(".*", refuse_unrouted_body);
}

Outcome<int> HttpServer::bind(const std::string& host, int port)
{
    if (port == 0) {
        port = m_server.bind_to_any_port(host);
        if (port <= 0)
            return Failure{FailureKind::Internal, "cannot listen on " + host};
    } else if (!m_server.bind_to_port(host, port)) {
        return Failure{FailureKind::Internal, "cannot listen on " + host + ":" + std::to_string(port) +
                                                  " (in use, or not an address of this machine?)"};
    }
    // cpp-httplib listens with a backlog of 5: a burst of 32 connections was reset. Listening
    // again on the same socket only changes the backlog.
    if (m_listener >= 0)
        ::listen(m_listener, SOMAXCONN);
    m_guard.start(port);
    return port;
}

bool HttpServer::run() { return m_server.listen_after_bind(); }

void HttpServer::stop()
{
    // Held requests first: cpp-httplib's stop joins its threads, and a held one would keep
    // it waiting up to [notify] wait_seconds.
    m_waiters.stop();
    if (m_server.is_running())
        m_server.stop();
    m_guard.stop();
}

void HttpServer::start_background_jobs()
{
    m_ics.start();
    m_alerts.start();
    if (m_publisher)
        m_publisher->start();
}

void HttpServer::saved()
{
    m_waiters.saved();
    if (m_publisher)
        m_publisher->saved();
}

} // namespace coi::server
