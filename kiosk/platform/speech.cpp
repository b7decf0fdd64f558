#include "kiosk/platform/speech.h"

#include <SDL.h>
#include <dlfcn.h>
#include <espeak-ng/speak_lib.h>

#include <algorithm>
#include <cmath>

namespace coi::platform {

namespace {

// [SECTION] espeak-ng

struct Collecting {
    Audio* out;
    const std::function<bool()>* cancelled;
};

int on_samples(short* wav, int count, espeak_EVENT* events)
{
    auto* into = static_cast<Collecting*>(events ? events->user_data : nullptr);
    if (!into)
        return 0;
    if (into->cancelled && (*into->cancelled)())
        return 1; // stop synthesising: nobody wants these words any more
    if (wav && count > 0)
        into->out->samples.insert(into->out->samples.end(), wav, wav + count);
    return 0; // carry on
}

bool g_espeak_open = false; // espeak-ng is one per process

// espeak-ng's functions, from the library loaded on the first words asked for. A kiosk that
// is never asked to read aloud never loads it, nor the thirty-odd libraries it brings (sound
// files, PulseAudio): a cheaper start after every power cut and every morning.
struct EspeakLibrary {
    decltype(&espeak_Initialize) initialize = nullptr;
    decltype(&espeak_SetSynthCallback) set_synth_callback = nullptr;
    decltype(&espeak_SetParameter) set_parameter = nullptr;
    decltype(&espeak_SetVoiceByName) set_voice_by_name = nullptr;
    decltype(&espeak_Synth) synth = nullptr;

    static Result<EspeakLibrary> load()
    {
        // Never closed: espeak-ng is initialised once per process and never terminated.
        void* handle = ::dlopen("libespeak-ng.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!handle)
            return Error{std::string("espeak-ng is not installed (libespeak-ng1: scripts/setup): ") + ::dlerror()};
        EspeakLibrary lib;
        bool found = bind(handle, "espeak_Initialize", lib.initialize) && bind(handle, "espeak_SetSynthCallback", lib.set_synth_callback)
            && bind(handle, "espeak_SetParameter", lib.set_parameter) && bind(handle, "espeak_SetVoiceByName", lib.set_voice_by_name)
            && bind(handle, "espeak_Synth", lib.synth);
        if (!found)
            return Error{"this libespeak-ng lacks a function the kiosk uses"};
        return lib;
    }

private:
    template <class F> static bool bind(void* handle, const char* name, F& out)
    {
        out = reinterpret_cast<F>(::dlsym(handle, name));
        return out != nullptr;
    }
};

// espeak-ng's state, used only from the speech worker's thread. Loaded and started on the
// first request, on that thread.
class Espeak {
public:
    static Result<std::shared_ptr<Espeak>> open()
    {
        if (g_espeak_open)
            return Error{"speech is already open in this process"};
        g_espeak_open = true;
        return std::shared_ptr<Espeak>(new Espeak());
    }
    ~Espeak() { g_espeak_open = false; }

    Result<Audio> synthesise(const SpeechRequest& request, const std::function<bool()>& cancelled)
    {
        if (auto started = start(); !started)
            return started.error();
        std::string_view voice = voice_for(request.language);
        if (voice.empty())
            return Error{"no voice for the language \"" + request.language + "\""};
        if (m_lib.set_voice_by_name(std::string(voice).c_str()) != EE_OK)
            return Error{"espeak-ng has no voice \"" + std::string(voice) + "\": install espeak-ng-data"};
        Audio audio;
        audio.sample_rate = m_sample_rate;
        Collecting into{&audio, &cancelled};
        espeak_ERROR result = m_lib.synth(request.text.c_str(), request.text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, &into);
        if (cancelled())
            return Error{"cancelled"};
        if (result != EE_OK)
            return Error{"espeak-ng could not speak that text"};
        return audio;
    }

private:
    Espeak() = default;

    // Once per process: espeak_Terminate in Debian 12's 1.51 can deadlock on its own worker
    // thread (seen in our tests), so espeak-ng, once started, stays started.
    Result<Ok> start()
    {
        static Result<EspeakLibrary> lib = EspeakLibrary::load();
        if (!lib)
            return lib.error();
        static int rate = lib->initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
        if (rate <= 0)
            return Error{"espeak-ng could not start: install espeak-ng-data (scripts/setup)"};
        if (m_sample_rate == 0) {
            lib->set_synth_callback(on_samples);
            lib->set_parameter(espeakRATE, 150, 0); // a little slower than espeak's 175 words a minute: easier to follow
            m_lib = *lib;
            m_sample_rate = rate;
        }
        return Ok{};
    }

    EspeakLibrary m_lib;
    int m_sample_rate = 0;
};

// [SECTION] SDL audio

// The audio device, opened on first use by the worker (opening can take a while).
class SdlAudio {
public:
    ~SdlAudio()
    {
        if (m_device) {
            SDL_CloseAudioDevice(m_device);
            SDL_QuitSubSystem(SDL_INIT_AUDIO);
        }
    }

    Result<Ok> play(const Audio& audio)
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

    void silence()
    {
        if (m_device)
            SDL_ClearQueuedAudio(m_device);
    }

private:
    SDL_AudioDeviceID m_device = 0;
};

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
    // espeak-ng names its voices by language code, and Debian 12's espeak-ng-data has one for
    // each of ours (lang/gmw/en is British English, zlw/pl, roa/ro, bat/lt, zle/uk), so a new
    // language's code is its voice; espeak-ng itself says when it has none.
    bool code = language.size() >= 2 && language.size() <= 3 && std::all_of(language.begin(), language.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    return code ? language : std::string_view();
}

// [SECTION] The worker

Result<std::unique_ptr<Speech>> Speech::open()
{
    auto engine = Espeak::open();
    if (!engine)
        return engine.error();
    auto audio = std::make_shared<SdlAudio>();
    return start([engine = *engine](const SpeechRequest& r, const std::function<bool()>& cancelled) { return engine->synthesise(r, cancelled); },
        Output{[audio](const Audio& a) { return audio->play(a); }, [audio] { audio->silence(); }});
}

std::unique_ptr<Speech> Speech::start(Synthesiser synthesise, Output output)
{
    return std::unique_ptr<Speech>(new Speech(std::move(synthesise), std::move(output)));
}

Speech::Speech(Synthesiser synthesise, Output output)
    : m_synthesise(std::move(synthesise)), m_output(std::move(output)), m_thread([this] {
          run();
          // SDL keeps per-thread state (its error text) for threads it did not start, until
          // the thread gives it back: the audio device is opened from this one.
          SDL_TLSCleanup();
      })
{
}

Speech::~Speech()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_pending.reset();
        ++m_generation; // a synthesis in progress stops early
    }
    m_wake.notify_all();
    m_thread.join();
    if (m_output.silence)
        m_output.silence();
}

void Speech::say(std::string_view text, std::string_view language)
{
    {
        std::lock_guard lock(m_mutex);
        m_pending = SpeechRequest{std::string(text), std::string(language)};
        m_silence = true; // the old words stop as soon as the new ones are asked for
        ++m_generation;
        ++m_status.requested;
    }
    m_wake.notify_all();
}

void Speech::cancel()
{
    {
        std::lock_guard lock(m_mutex);
        m_pending.reset();
        m_silence = true;
        ++m_generation;
    }
    m_wake.notify_all();
}

SpeechStatus Speech::status() const
{
    std::lock_guard lock(m_mutex);
    return m_status;
}

std::optional<std::string> Speech::take_error()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_untaken_error, std::nullopt);
}

bool Speech::wait_until_idle(std::chrono::milliseconds limit) const
{
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, limit, [&] { return !m_pending && !m_busy && !m_silence; });
}

void Speech::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [&] { return m_stop || m_pending || m_silence; });
        if (m_stop)
            return;
        bool silence = std::exchange(m_silence, false);
        std::optional<SpeechRequest> request = std::exchange(m_pending, std::nullopt);
        std::uint64_t generation = m_generation;
        m_busy = request.has_value() || silence; // idle only once the silencing is done too
        if (request)
            ++m_status.started;
        lock.unlock();
        if (silence && m_output.silence)
            m_output.silence();
        std::optional<Result<Audio>> audio;
        if (request) {
            std::function<bool()> cancelled = [this, generation] { return m_generation.load() != generation; };
            audio = m_synthesise(*request, cancelled); // the slow part, with no lock held
        }
        lock.lock();
        if (request) {
            if (m_generation != generation) {
                ++m_status.cancelled; // replaced or cancelled while being synthesised: never played
            } else if (!*audio) {
                ++m_status.failed;
                m_status.last_error = audio->error().message;
                m_untaken_error = m_status.last_error;
            } else {
                lock.unlock();
                Result<Ok> played = m_output.play ? m_output.play(**audio) : Result<Ok>(Ok{});
                lock.lock();
                if (played) {
                    ++m_status.played;
                    m_status.last_played = std::move(**audio);
                    m_status.last_played_text = request->text;
                } else {
                    ++m_status.failed;
                    m_status.last_error = played.error().message;
                    m_untaken_error = m_status.last_error;
                }
            }
        }
        m_busy = false;
        m_idle.notify_all();
    }
}

} // namespace coi::platform
