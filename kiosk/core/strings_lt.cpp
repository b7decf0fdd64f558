// Lietuvių. Plain words, the polite "jūs" form that public signs use. Month names are
// in the genitive, as they read in a date ("lapkričio").
#include "kiosk/core/string_tables.h"

namespace coi::core {

namespace {

// CLDR: one: n % 10 = 1 and n % 100 != 11..19; few: n % 10 = 2..9 and n % 100 != 11..19;
// many: f != 0 (fractions only, never a kiosk count); other: the rest (0, 10..20, 30, ...).
Plural lithuanian_plural(std::uint64_t n)
{
    std::uint64_t mod10 = n % 10, mod100 = n % 100;
    bool teen = mod100 >= 11 && mod100 <= 19;
    if (mod10 == 1 && !teen)
        return Plural::One;
    if (mod10 >= 2 && !teen)
        return Plural::Few;
    return Plural::Other;
}

} // namespace

const LanguageTable& language_lt()
{
    static const LanguageTable table = {"lt", lithuanian_plural, {Plural::One, Plural::Few, Plural::Other}, {
        {"language.name", "Lietuvių"},
        {"page.whats_on", "Šiandien vyksta"},
        {"page.cafe", "Kavinė šiandien"},
        {"page.notices", "Skelbimai"},
        {"page.week", "Šią savaitę"},
        {"cta.check_in", "Palieskite čia ir užsiregistruokite"},
        {"session.now", "Dabar"},
        {"session.next", "Toliau"},
        {"session.cancelled", "Atšaukta"},
        {"session.all_day", "Visą dieną"},
        {"session.until", "iki {0}"},
        {"session.more_later#one", "+ dar {0} užsiėmimas vėliau šiandien"},
        {"session.more_later#few", "+ dar {0} užsiėmimai vėliau šiandien"},
        {"session.more_later#other", "+ dar {0} užsiėmimų vėliau šiandien"},
        {"session.none_left", "Šiandien tai viskas."},
        {"session.none_today", "Šiandien užsiėmimų nėra, bet durys atviros."},
        {"closed.today", "Šiandien nedirbame."},
        {"closed.opens_again", "Vėl atidarome: {0}, {1}."},
        {"closed.now", "Dabar nedirbame."},
        {"closed.tomorrow", "rytoj"},
        {"cafe.ask_staff", "Apie alergenus klauskite darbuotojų."},
        {"cafe.sold_out", "Išparduota"},
        {"cafe.none", "Šiandien dienos patiekalų nėra. Arbata, kava ir skrebučiai – kaip visada."},
        {"cafe.allergens", "Alergenai"},
        {"cafe.more#one", "+ dar {0} patiekalas meniu"},
        {"cafe.more#few", "+ dar {0} patiekalai meniu"},
        {"cafe.more#other", "+ dar {0} patiekalų meniu"},
        {"week.today", "Šiandien"},
        {"week.closed", "Nedirbame"},
        {"week.more#one", "+ dar {0} užsiėmimas"},
        {"week.more#few", "+ dar {0} užsiėmimai"},
        {"week.more#other", "+ dar {0} užsiėmimų"},
        {"notices.none", "Kol kas skelbimų nėra."},
        {"urgent.label", "Svarbu"},
        {"qr.scan", "Nuskenuokite ir pamatysite savaitės tvarkaraštį"},
        {"day.mon", "Pirmadienis"}, {"day.tue", "Antradienis"}, {"day.wed", "Trečiadienis"}, {"day.thu", "Ketvirtadienis"},
        {"day.fri", "Penktadienis"}, {"day.sat", "Šeštadienis"}, {"day.sun", "Sekmadienis"},
        {"day.short.mon", "Pr"}, {"day.short.tue", "An"}, {"day.short.wed", "Tr"}, {"day.short.thu", "Kt"},
        {"day.short.fri", "Pn"}, {"day.short.sat", "Št"}, {"day.short.sun", "Sk"},
        {"month.1", "sausio"}, {"month.2", "vasario"}, {"month.3", "kovo"}, {"month.4", "balandžio"},
        {"month.5", "gegužės"}, {"month.6", "birželio"}, {"month.7", "liepos"}, {"month.8", "rugpjūčio"},
        {"month.9", "rugsėjo"}, {"month.10", "spalio"}, {"month.11", "lapkričio"}, {"month.12", "gruodžio"},
        {"month.short.1", "saus."}, {"month.short.2", "vas."}, {"month.short.3", "kov."}, {"month.short.4", "bal."},
        {"month.short.5", "geg."}, {"month.short.6", "birž."}, {"month.short.7", "liep."}, {"month.short.8", "rugp."},
        {"month.short.9", "rugs."}, {"month.short.10", "spal."}, {"month.short.11", "lapkr."}, {"month.short.12", "gruod."},
        {"diet.vegetarian", "Vegetariška"}, {"diet.vegan", "Veganiška"}, {"diet.gluten-free", "Be glitimo"}, {"diet.halal", "Halal"},
        // The 14 allergens as EU Regulation 1169/2011, Annex II, names them in Lithuanian.
        {"allergen.celery", "Salierai"}, {"allergen.gluten", "Javai, kuriuose yra glitimo"}, {"allergen.crustaceans", "Vėžiagyviai"},
        {"allergen.eggs", "Kiaušiniai"}, {"allergen.fish", "Žuvys"}, {"allergen.lupin", "Lubinai"}, {"allergen.milk", "Pienas"},
        {"allergen.molluscs", "Moliuskai"}, {"allergen.mustard", "Garstyčios"}, {"allergen.nuts", "Riešutai"},
        {"allergen.peanuts", "Žemės riešutai"}, {"allergen.sesame", "Sezamo sėklos"}, {"allergen.soya", "Sojos pupelės"},
        {"allergen.sulphites", "Sieros dioksidas ir sulfitai"},
        {"price.free", "Nemokamai"},
        {"welcome.title", "Sveiki atvykę į {0}"},
        {"welcome.check_in", "Atvykau"},
        {"welcome.check_in_detail", "Praneškite, kad esate čia"},
        {"welcome.check_out", "Jau išeinate?"},
        {"welcome.check_out_detail", "Pažymėkite, kad išeinate namo"},
        {"nav.back", "Atgal"},
        {"nav.cancel", "Iš naujo"},
        {"checkin.what_brings_you", "Kas jus šiandien atvedė?"},
        {"checkin.tile_now", "Dabar \xC2\xB7 {0}"},
        {"checkin.tile_next", "Prasideda {0} \xC2\xB7 {1}"},
        {"checkin.tile_one_tap", "Tik palieskite, nieko rašyti nereikia"},
        {"checkin.tile_name", "Paklausime jūsų vardo"},
        {"checkin.private", "Asmeninis susitikimas"},
        {"checkin.your_name", "Koks jūsų vardas?"},
        {"checkin.first_name", "Vardas"},
        {"checkin.initial", "Pavardės raidė (nebūtina)"},
        {"checkin.privacy#one", "Jūsų vardą ir pavardės pirmąją raidę saugome {0} dieną, kad kilus gaisrui žinotume, kas yra pastate. Paskui juos ištriname."},
        {"checkin.privacy#few", "Jūsų vardą ir pavardės pirmąją raidę saugome {0} dienas, kad kilus gaisrui žinotume, kas yra pastate. Paskui juos ištriname."},
        {"checkin.privacy#other", "Jūsų vardą ir pavardės pirmąją raidę saugome {0} dienų, kad kilus gaisrui žinotume, kas yra pastate. Paskui juos ištriname."},
        {"checkin.confirm", "Patvirtinti"},
        {"checkin.name_needed", "Įrašykite savo vardą."},
        {"checkin.trimmed", "Palikome tik jūsų vardo raides."},
        {"checkin.thanks", "Ačiū!"},
        {"checkin.enjoy", "Gero apsilankymo!"},
        {"checkin.welcome_name", "Sveiki, {0}!"},
        {"checkin.session_in_room", "{0} vyksta čia: {1}."},
        {"checkin.take_a_seat", "Prisėskite, netrukus kas nors prie jūsų prieis."},
        {"checkin.private_done", "Prisėskite, netrukus kas nors prie jūsų prieis."},
        {"checkin.your_code", "Jūsų išvykimo kodas"},
        {"checkin.code_hint", "Jo reikės išeinant. Užsirašyti nebūtina: tiks ir jūsų vardas."},
        {"checkin.code_hint_only", "Įsiminkite jį: jo reikės išeinant."},
        {"checkin.saving_failed", "Atsiprašome, nepavyko išsaugoti. Bandykite dar kartą arba klauskite registratūroje."},
        {"checkin.kept_in_memory", "Šis ekranas dabar negali išsaugoti duomenų atminties kortelėje: prašome apie atvykimą pranešti ir registratūrai."},
        {"feedback.question", "Kaip mums šiandien sekėsi?"},
        {"feedback.happy", "Gerai"},
        {"feedback.okay", "Neblogai"},
        {"feedback.unhappy", "Blogai"},
        {"feedback.hint", "Vienas palietimas arba tiesiog eikite toliau."},
        {"feedback.thanks", "Ačiū, kad pasakėte."},
        {"remember.offer", "Prisiminti jus kitą kartą?"},
        {"remember.offer_detail", "Skaičiuojame grįžtančius lankytojus, niekada pagal vardą"},
        {"remember.title", "Prisiminti jus kitą kartą?"},
        {"remember.prompt", "Pasirinkite 4 ženklus arba vardą ir pavardės raidę. Kitą kartą įveskite tą patį."},
        {"remember.too_short", "Įveskite bent 4 ženklus."},
        {"remember.confirm", "Prisiminkite mane"},
        {"remember.kept", "Jus prisiminsime."},
        {"remember.welcome_back", "Sveiki sugrįžę!"},
        {"remember.kept_detail", "Kitą kartą įveskite tą patį."},
        {"remember.privacy#one", "Saugome tik užšifruotą to, ką įvedate, pavidalą, niekada pačių žodžių, {0} dieną po paskutinio naudojimo, kad suskaičiuotume grįžtančius lankytojus."},
        {"remember.privacy#few", "Saugome tik užšifruotą to, ką įvedate, pavidalą, niekada pačių žodžių, {0} dienas po paskutinio naudojimo, kad suskaičiuotume grįžtančius lankytojus."},
        {"remember.privacy#other", "Saugome tik užšifruotą to, ką įvedate, pavidalą, niekada pačių žodžių, {0} dienų po paskutinio naudojimo, kad suskaičiuotume grįžtančius lankytojus."},
        {"checkout.title", "Jau išeinate?"},
        {"checkout.prompt", "Įrašykite pirmąsias vardo raides arba išvykimo kodą."},
        {"checkout.prompt_code", "Įrašykite išvykimo kodą."},
        {"checkout.no_match", "Nieko neradome. Patikrinkite, kaip parašėte, arba klauskite registratūroje."},
        {"checkout.tap_yours", "Palieskite savo vardą:"},
        {"checkout.with_code", "Išeiti su šiuo kodu"},
        {"checkout.goodbye", "Viso gero, {0}!"},
        {"checkout.thanks", "Ačiū, kad užsukote. Iki pasimatymo!"},
        {"checkout.unknown_code", "Šis kodas nenaudojamas. Patikrinkite jį arba klauskite registratūroje."},
        {"keyboard.space", "Tarpas"},
        {"keyboard.shift", "Shift"},
        {"keyboard.delete", "Trinti"},
        {"access.listen", "Klausytis"},
        {"access.bigger_text", "Didesnis tekstas"},
        {"access.high_contrast", "Didelis kontrastas"},
    }};
    return table;
}

} // namespace coi::core
