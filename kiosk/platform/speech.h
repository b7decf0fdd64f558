#pragma once
// Read aloud: espeak-ng turns text into 16-bit mono samples in memory (no network, no
// files), and SDL's audio device plays them. The UI only asks for words to be spoken; the
// app calls this. espeak-ng keeps global state, so one Speech per process, used from the
// frame loop's thread.

#include "content/feed/result.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
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

class Speech {
public:
    static Result<std::unique_ptr<Speech>> open(); // espeak-ng with its data from the system (espeak-ng-data)
    ~Speech();
    Speech(const Speech&) = delete;
    Speech& operator=(const Speech&) = delete;

    Result<Audio> synthesise(std::string_view text, std::string_view language); // the words as samples
    Result<Ok> say(std::string_view text, std::string_view language);           // synthesise and play, replacing anything still playing
    void stop();                                                                // silence now

private:
    Speech() = default;
    Result<Ok> play(const Audio&);
    int m_sample_rate = 0;
    unsigned m_device = 0; // SDL_AudioDeviceID, opened on first use
};

} // namespace coi::platform
