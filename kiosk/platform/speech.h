#pragma once
// Read aloud: espeak-ng turns text into 16-bit mono samples in memory (no network, no
// files), and SDL's audio device plays them. The UI only asks for words to be spoken; the
// app hands them to Speech, which synthesises on its own worker thread so that a tap on
// "Listen" never holds up a frame: say() queues and returns at once, the audio plays when
// it is ready, and a newer say() or cancel() silences and drops anything older.
// espeak-ng keeps global state, so one espeak Speech per process, used only by its worker.

#include "content/feed/result.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace coi::platform {

struct Audio {
    int sample_rate = 0;
    std::vector<std::int16_t> samples; // mono
    double seconds() const { return sample_rate ? static_cast<double>(samples.size()) / sample_rate : 0; }
};

double rms(const Audio&); // root mean square of the samples: 0 for silence, 32767 at most

// The espeak-ng voice for one of the kiosk's languages ("pl" -> "pl"); empty if none.
std::string_view voice_for(std::string_view language);

struct SpeechRequest {
    std::string text;
    std::string language; // "uk"
};

// What the worker has done so far (counts since start), for the app's log and for tests.
struct SpeechStatus {
    long requested = 0;  // say() calls
    long started = 0;    // syntheses begun (a request replaced while still queued never starts)
    long played = 0;     // handed to the audio device
    long cancelled = 0;  // started, then replaced or cancelled before playing
    long failed = 0;
    Audio last_played;   // the samples most recently played
    std::string last_played_text;
    std::string last_error;
};

class Speech {
public:
    // Turns a request into samples. `cancelled` turns true when the request is no longer
    // wanted; a synthesiser may check it to stop early (the result is dropped either way).
    using Synthesiser = std::function<Result<Audio>(const SpeechRequest&, const std::function<bool()>& cancelled)>;
    struct Output {
        std::function<Result<Ok>(const Audio&)> play; // start playing, replacing anything still playing
        std::function<void()> silence;                // stop playing now
    };

    static Result<std::unique_ptr<Speech>> open();                     // espeak-ng (loaded on the first words asked for) and SDL audio
    static std::unique_ptr<Speech> start(Synthesiser, Output);         // any engine and output (tests)
    ~Speech();                                                         // cancels and joins the worker
    Speech(const Speech&) = delete;
    Speech& operator=(const Speech&) = delete;

    void say(std::string_view text, std::string_view language);       // queue; returns at once; replaces what came before
    void cancel();                                                     // silence now, drop anything queued or being synthesised
    SpeechStatus status() const;
    std::optional<std::string> take_error();                           // the latest failure not yet taken, for the app's log
    bool wait_until_idle(std::chrono::milliseconds limit) const;       // nothing queued or running (tests); false on timeout

private:
    Speech(Synthesiser, Output);
    void run(); // the worker

    Synthesiser m_synthesise;
    Output m_output;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    mutable std::condition_variable m_idle;
    std::optional<SpeechRequest> m_pending;
    bool m_silence = false;   // the worker should stop what is playing
    bool m_busy = false;      // the worker is synthesising or playing a request
    bool m_stop = false;
    std::atomic<std::uint64_t> m_generation{0}; // bumped by say() and cancel(): older work is dropped
    SpeechStatus m_status;
    std::optional<std::string> m_untaken_error;
    std::thread m_thread; // last: starts after everything above exists
};

} // namespace coi::platform
