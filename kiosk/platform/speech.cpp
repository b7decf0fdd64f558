#include "kiosk/platform/speech.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>

#include <cmath>

namespace coi::platform {

namespace {

int on_samples(short* wav, int count, espeak_EVENT* events)
{
    auto* out = static_cast<Audio*>(events ? events->user_data : nullptr);
    if (out && wav && count > 0)
        out->samples.insert(out->samples.end(), wav, wav + count);
    return 0; // carry on
}

bool g_open = false; // espeak-ng is one per process

} // namespace

double rms(const Audio& audio)
{
    if (audio.samples.empty())
        return 0;
    double sum = 0;
    for (std::int16_t s : audio.samples)
        sum += static_cast<double>(s) * s;
    return std::sqrt(sum / static_cast<double>(audio.samples.size()));
}

std::string_view voice_for(std::string_view language)
{
    // Debian 12's espeak-ng-data has a voice for each: lang/gmw/en (British English), zlw/pl,
    // roa/ro, bat/lt, zle/uk.
    if (language == "en" || language == "pl" || language == "ro" || language == "lt" || language == "uk")
        return language;
    return {};
}

Result<std::unique_ptr<Speech>> Speech::open()
{
    if (g_open)
        return Error{"speech is already open in this process"};
    // espeak-ng is initialised once per process and never terminated: espeak_Terminate in
    // Debian 12's 1.51 can deadlock on its own worker thread (seen in our tests).
    static int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
    if (rate <= 0)
        return Error{"espeak-ng could not start: install espeak-ng-data (scripts/setup)"};
    espeak_SetSynthCallback(on_samples);
    espeak_SetParameter(espeakRATE, 150, 0); // a little slower than espeak's 175 words a minute: easier to follow
    g_open = true;
    std::unique_ptr<Speech> speech(new Speech());
    speech->m_sample_rate = rate;
    return speech;
}

Speech::~Speech()
{
    if (m_device) {
        SDL_CloseAudioDevice(m_device);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    g_open = false;
}

Result<Audio> Speech::synthesise(std::string_view text, std::string_view language)
{
    std::string_view voice = voice_for(language);
    if (voice.empty())
        return Error{"no voice for the language \"" + std::string(language) + "\""};
    if (espeak_SetVoiceByName(std::string(voice).c_str()) != EE_OK)
        return Error{"espeak-ng has no voice \"" + std::string(voice) + "\": install espeak-ng-data"};
    Audio audio;
    audio.sample_rate = m_sample_rate;
    std::string input(text);
    espeak_ERROR result = espeak_Synth(input.c_str(), input.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &audio);
    if (result != EE_OK)
        return Error{"espeak-ng could not speak that text"};
    return audio;
}

Result<Ok> Speech::play(const Audio& audio)
{
    if (!m_device) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
            return Error{std::string("no audio: ") + SDL_GetError()};
        SDL_AudioSpec want{}, have{};
        want.freq = audio.sample_rate;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = 4096;
        m_device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0); // SDL converts if the device differs
        if (!m_device) {
            std::string why = SDL_GetError();
            SDL_QuitSubSystem(SDL_INIT_AUDIO);
            return Error{"cannot open the audio device: " + why};
        }
    }
    SDL_ClearQueuedAudio(m_device); // a second tap starts again rather than queueing behind
    if (SDL_QueueAudio(m_device, audio.samples.data(), static_cast<Uint32>(audio.samples.size() * sizeof(std::int16_t))) != 0)
        return Error{std::string("cannot play: ") + SDL_GetError()};
    SDL_PauseAudioDevice(m_device, 0);
    return Ok{};
}

Result<Ok> Speech::say(std::string_view text, std::string_view language)
{
    auto audio = synthesise(text, language);
    if (!audio)
        return audio.error();
    return play(*audio);
}

void Speech::stop()
{
    if (m_device)
        SDL_ClearQueuedAudio(m_device);
}

} // namespace coi::platform
