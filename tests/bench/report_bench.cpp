// report_bench: the reports for funders at the size a network of centres reaches. Fills a
// fresh kiosk-content database with 3 years of hourly counts for 50 buildings (12 open hours
// a day, 3 purposes; 1.97 million count rows), with three sessions, one volunteer day, three
// feedback faces and a returning count per building per day, through the same
// Repository::record_footfall an upload uses. Then times, per run, what GET /api/admin/reports
// does server-side (read the counts, build the tables, apply the small-numbers rule, write
// the JSON), for one building over the 3 years and for all 50 over the 3 years, and prints
// the median of each. Usage: report_bench [RUNS] (default 7) [DIR] (default a temporary one).
#include "content/feed/types.h"
#include "content/server/report.h"
#include "content/server/repository.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <time.h>
#include <unistd.h>

using namespace coi;
using namespace coi::server;

namespace {

constexpr int kBuildings = 50;
constexpr int kDays = 3 * 365 + 1;
constexpr int kFirstHour = 8, kOpenHours = 12;
const char* kPurposes[] = {"cafe", "advice", "session"};

std::string site_id(int i) { return "centre-" + std::to_string(i); }

nlohmann::json site_json(int i)
{
    return {{"id", site_id(i)}, {"name", "Centre " + std::to_string(i)}, {"timezone", "Europe/London"}, {"languages", {"en"}},
            {"opening_hours", {{{"day", "mon"}, {"open", "09:00"}, {"close", "17:00"}}}},
            {"rooms", {{{"id", "hall"}, {"name", "Main Hall"}}}},
            {"checkin", {{"share_counts", true}, {"purposes", {{{"id", "cafe"}, {"label", "Café"}, {"kind", "headcount"}},
                                                                {{"id", "advice"}, {"label", "Advice"}, {"kind", "named"}}}}}}};
}

void fill(Repository& repository, const std::string& first_day)
{
    auto start = *feed::parse_date(first_day);
    for (int b = 0; b < kBuildings; ++b) {
        if (!repository.create_site(site_json(b)).ok()) {
            std::fprintf(stderr, "report_bench: cannot create site %d\n", b);
            std::exit(1);
        }
        Screen screen;
        screen.id = b + 1;
        screen.site_id = site_id(b);
        FootfallUpload upload;
        auto flush = [&] {
            if (!repository.record_footfall(screen, upload).ok()) {
                std::fprintf(stderr, "report_bench: an upload was refused\n");
                std::exit(1);
            }
            upload = {};
        };
        for (int d = 0; d < kDays; ++d) {
            auto date = feed::format_date(feed::add_days(start, d));
            for (int h = 0; h < kOpenHours; ++h)
                for (int p = 0; p < 3; ++p)
                    upload.counts.push_back({date, kFirstHour + h, kPurposes[p], 1 + (b + d + h + p) % 9});
            for (auto* start_time : {"10:00", "14:00", "18:30"})
                upload.sessions.push_back({date, "group-" + std::string(start_time).substr(0, 2), start_time, 5 + d % 20});
            upload.volunteers.push_back({date, 4, 4 * 300, 1});
            for (auto* face : {"happy", "okay", "unhappy"})
                upload.feedback.push_back({date, "cafe", face, 1 + d % 5});
            upload.returning.push_back({date, 3 + d % 4});
            if (upload.rows() > 4900)
                flush();
        }
        flush();
    }
}

struct Timing {
    double wall_ms = 0, cpu_ms = 0;
};

// This thread's CPU time: what the report costs a core, whatever else the machine is doing
// (the wall time on a shared machine includes waiting for a core).
double thread_cpu_ms()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
}

Timing time_report(Repository& repository, const std::vector<ReportSite>& sites, const std::string& from, const std::string& to)
{
    auto cpu_begin = thread_cpu_ms();
    auto begin = std::chrono::steady_clock::now();
    std::vector<std::string> ids;
    for (auto& site : sites)
        ids.push_back(site.id);
    auto report = build_report(repository.report_data(ids, from, to), sites, from, to);
    if (report.crosses_buildings)
        apply_small_numbers_rule(report);
    auto body = report_json(report).dump();
    auto end = std::chrono::steady_clock::now();
    auto cpu_end = thread_cpu_ms();
    if (body.size() < 100)
        std::exit(1);
    return {std::chrono::duration<double, std::milli>(end - begin).count(), cpu_end - cpu_begin};
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    auto n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv)
{
    int runs = argc > 1 ? std::atoi(argv[1]) : 7;
    auto dir = argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path() / ("report_bench_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto db = (dir / "content.db").string();
    std::filesystem::remove(db);
    auto opened = Repository::open(db);
    if (!opened) {
        std::fprintf(stderr, "report_bench: %s\n", opened.failure().message.c_str());
        return 1;
    }
    auto& repository = **opened;
    // Three years back from yesterday, so every count is one the retention keeps.
    auto today = feed::civil_from_days(repository.now() / 86400);
    auto from = feed::format_date(feed::add_days(today, -kDays));
    auto to = feed::format_date(feed::add_days(today, -1));
    auto fill_begin = std::chrono::steady_clock::now();
    fill(repository, from);
    auto fill_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - fill_begin).count();
    std::printf("filled %d buildings x %d days x %d hours x 3 purposes = %d count rows (+ sessions, volunteers, feedback, returning) in %.0f s; %s to %s\n",
                kBuildings, kDays, kOpenHours, kBuildings * kDays * kOpenHours * 3, fill_seconds, from.c_str(), to.c_str());

    std::vector<ReportSite> all;
    for (auto& site : repository.sites())
        all.push_back(report_site(site, {}));
    std::vector<double> one, every, one_cpu, every_cpu;
    for (int run = 0; run < runs; ++run) {
        auto a = time_report(repository, {all.front()}, from, to);
        auto b = time_report(repository, all, from, to);
        one.push_back(a.wall_ms), one_cpu.push_back(a.cpu_ms), every.push_back(b.wall_ms), every_cpu.push_back(b.cpu_ms);
    }
    std::printf("report, one building, 3 years:  median %.1f ms wall, %.1f ms CPU over %d runs\n", median(one), median(one_cpu), runs);
    std::printf("report, 50 buildings, 3 years:  median %.1f ms wall, %.1f ms CPU over %d runs\n", median(every), median(every_cpu), runs);
    std::printf("load average at the end: %s", [] {
        static char line[128] = "?\n";
        if (FILE* f = std::fopen("/proc/loadavg", "r")) {
            if (!std::fgets(line, sizeof line, f))
                line[0] = 0;
            std::fclose(f);
        }
        return line;
    }());
    if (argc <= 2)
        std::filesystem::remove_all(dir);
    return 0;
}
