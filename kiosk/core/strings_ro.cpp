// Română. Plain words, the polite "dumneavoastră" form that public signs use. Romanian
// ș and ț are the comma-below letters (U+0219, U+021B), never the cedilla ones.
#include "kiosk/core/string_tables.h"

namespace coi::core {

namespace {

// CLDR: one: i = 1 and v = 0; few: v != 0 or n = 0 or n != 1 and n % 100 = 1..19; other: the rest.
Plural romanian_plural(std::uint64_t n)
{
    std::uint64_t mod100 = n % 100;
    if (n == 1)
        return Plural::One;
    if (n == 0 || (mod100 >= 1 && mod100 <= 19))
        return Plural::Few;
    return Plural::Other;
}

} // namespace

const LanguageTable& language_ro()
{
    static const LanguageTable table = {"ro", romanian_plural, {Plural::One, Plural::Few, Plural::Other}, {
        {"language.name", "Română"},
        {"page.whats_on", "Ce avem azi"},
        {"page.cafe", "Cafeneaua azi"},
        {"page.notices", "Anunțuri"},
        {"page.week", "Săptămâna aceasta"},
        {"cta.check_in", "Atingeți aici ca să vă înregistrați"},
        {"session.now", "Acum"},
        {"session.next", "Urmează"},
        {"session.cancelled", "Anulat"},
        {"session.all_day", "Toată ziua"},
        {"session.until", "până la {0}"},
        {"session.more_later#one", "+ încă {0} activitate mai târziu azi"},
        {"session.more_later#few", "+ încă {0} activități mai târziu azi"},
        {"session.more_later#other", "+ încă {0} de activități mai târziu azi"},
        {"session.none_left", "Asta e tot pentru azi."},
        {"session.none_today", "Azi nu sunt activități, dar ușile sunt deschise."},
        {"closed.today", "Azi suntem închiși."},
        {"closed.opens_again", "Deschidem din nou: {0}, ora {1}."},
        {"closed.now", "Acum suntem închiși."},
        {"closed.tomorrow", "mâine"},
        {"cafe.ask_staff", "Întrebați personalul despre alergeni."},
        {"cafe.sold_out", "Epuizat"},
        {"cafe.none", "Azi nu avem preparatul zilei. Ceai, cafea și pâine prăjită, ca de obicei."},
        {"cafe.allergens", "Alergeni"},
        {"cafe.more#one", "+ încă {0} preparat în meniu"},
        {"cafe.more#few", "+ încă {0} preparate în meniu"},
        {"cafe.more#other", "+ încă {0} de preparate în meniu"},
        {"week.today", "Azi"},
        {"week.closed", "Închis"},
        {"week.more#one", "+ încă {0} activitate"},
        {"week.more#few", "+ încă {0} activități"},
        {"week.more#other", "+ încă {0} de activități"},
        {"notices.none", "Deocamdată nu sunt anunțuri."},
        {"urgent.label", "Important"},
        {"qr.scan", "Scanați pentru programul săptămânii"},
        {"day.mon", "Luni"}, {"day.tue", "Marți"}, {"day.wed", "Miercuri"}, {"day.thu", "Joi"},
        {"day.fri", "Vineri"}, {"day.sat", "Sâmbătă"}, {"day.sun", "Duminică"},
        {"day.short.mon", "Lun"}, {"day.short.tue", "Mar"}, {"day.short.wed", "Mie"}, {"day.short.thu", "Joi"},
        {"day.short.fri", "Vin"}, {"day.short.sat", "Sâm"}, {"day.short.sun", "Dum"},
        {"month.1", "ianuarie"}, {"month.2", "februarie"}, {"month.3", "martie"}, {"month.4", "aprilie"},
        {"month.5", "mai"}, {"month.6", "iunie"}, {"month.7", "iulie"}, {"month.8", "august"},
        {"month.9", "septembrie"}, {"month.10", "octombrie"}, {"month.11", "noiembrie"}, {"month.12", "decembrie"},
        {"month.short.1", "ian."}, {"month.short.2", "feb."}, {"month.short.3", "mar."}, {"month.short.4", "apr."},
        {"month.short.5", "mai"}, {"month.short.6", "iun."}, {"month.short.7", "iul."}, {"month.short.8", "aug."},
        {"month.short.9", "sept."}, {"month.short.10", "oct."}, {"month.short.11", "nov."}, {"month.short.12", "dec."},
        {"diet.vegetarian", "Vegetarian"}, {"diet.vegan", "Vegan"}, {"diet.gluten-free", "Fără gluten"}, {"diet.halal", "Halal"},
        // The 14 allergens as EU Regulation 1169/2011, Annex II, names them in Romanian.
        {"allergen.celery", "Țelină"}, {"allergen.gluten", "Cereale care conțin gluten"}, {"allergen.crustaceans", "Crustacee"},
        {"allergen.eggs", "Ouă"}, {"allergen.fish", "Pește"}, {"allergen.lupin", "Lupin"}, {"allergen.milk", "Lapte"},
        {"allergen.molluscs", "Moluște"}, {"allergen.mustard", "Muștar"}, {"allergen.nuts", "Fructe cu coajă lemnoasă"},
        {"allergen.peanuts", "Arahide"}, {"allergen.sesame", "Semințe de susan"}, {"allergen.soya", "Soia"},
        {"allergen.sulphites", "Dioxid de sulf și sulfiți"},
        {"price.free", "Gratuit"},
        {"welcome.title", "Bine ați venit la {0}"},
        {"welcome.check_in", "Am sosit"},
        {"welcome.check_in_detail", "Spuneți-ne că sunteți aici"},
        {"welcome.check_out", "Plecați?"},
        {"welcome.check_out_detail", "Anunțați-ne când plecați acasă"},
        {"nav.back", "Înapoi"},
        {"nav.cancel", "De la capăt"},
        {"checkin.what_brings_you", "Ce vă aduce azi la noi?"},
        {"checkin.tile_now", "Acum \xC2\xB7 {0}"},
        {"checkin.tile_next", "Începe la {0} \xC2\xB7 {1}"},
        {"checkin.tile_one_tap", "O singură atingere, fără scris"},
        {"checkin.tile_name", "Vă vom cere prenumele"},
        {"checkin.private", "Întâlnire privată"},
        {"checkin.your_name", "Cum vă numiți?"},
        {"checkin.first_name", "Prenume"},
        {"checkin.initial", "Inițiala (opțional)"},
        {"checkin.privacy#one", "Păstrăm prenumele și inițiala dumneavoastră {0} zi, ca să știm cine e în clădire dacă izbucnește un incendiu. Apoi le ștergem."},
        {"checkin.privacy#few", "Păstrăm prenumele și inițiala dumneavoastră {0} zile, ca să știm cine e în clădire dacă izbucnește un incendiu. Apoi le ștergem."},
        {"checkin.privacy#other", "Păstrăm prenumele și inițiala dumneavoastră {0} de zile, ca să știm cine e în clădire dacă izbucnește un incendiu. Apoi le ștergem."},
        {"checkin.confirm", "Gata"},
        {"checkin.name_needed", "Vă rugăm să scrieți prenumele."},
        {"checkin.trimmed", "Am păstrat doar literele numelui."},
        {"checkin.thanks", "Vă mulțumim!"},
        {"checkin.enjoy", "Vizită plăcută!"},
        {"checkin.welcome_name", "Bine ați venit, {0}!"},
        {"checkin.session_in_room", "{0} are loc aici: {1}."},
        {"checkin.take_a_seat", "Luați loc, cineva vine la dumneavoastră în curând."},
        {"checkin.private_done", "Luați loc, cineva vine la dumneavoastră în curând."},
        {"checkin.your_code", "Codul dumneavoastră de plecare"},
        {"checkin.code_hint", "Vă trebuie la plecare. Nu e nevoie să-l notați: merge și cu prenumele."},
        {"checkin.code_hint_only", "Vă rugăm să-l țineți minte: vă trebuie la plecare."},
        {"checkin.saving_failed", "Ne pare rău, nu s-a salvat. Încercați din nou sau întrebați la recepție."},
        {"checkin.kept_in_memory", "Acest ecran nu poate salva acum pe cardul de memorie: vă rugăm să anunțați și la recepție că sunteți aici."},
        {"feedback.question", "Cum ne-am descurcat azi?"},
        {"feedback.happy", "Bine"},
        {"feedback.okay", "Așa și așa"},
        {"feedback.unhappy", "Nu prea bine"},
        {"feedback.hint", "O atingere, sau mergeți mai departe."},
        {"feedback.thanks", "Vă mulțumim că ne-ați spus."},
        {"remember.offer", "Vă ținem minte data viitoare?"},
        {"remember.offer_detail", "Numărat ca vizitator care revine, niciodată după nume"},
        {"remember.title", "Vă ținem minte data viitoare?"},
        {"remember.prompt", "Alegeți 4 caractere sau prenumele și inițiala. Data viitoare tastați la fel."},
        {"remember.too_short", "Tastați cel puțin 4 caractere."},
        {"remember.confirm", "Țineți-mă minte"},
        {"remember.kept", "Vă vom ține minte."},
        {"remember.welcome_back", "Bine ați revenit!"},
        {"remember.kept_detail", "Data viitoare tastați la fel."},
        {"remember.privacy#one", "Păstrăm doar o formă amestecată a ce tastați, niciodată cuvintele, {0} zi după ultima folosire, ca să numărăm vizitatorii care revin."},
        {"remember.privacy#few", "Păstrăm doar o formă amestecată a ce tastați, niciodată cuvintele, {0} zile după ultima folosire, ca să numărăm vizitatorii care revin."},
        {"remember.privacy#other", "Păstrăm doar o formă amestecată a ce tastați, niciodată cuvintele, {0} de zile după ultima folosire, ca să numărăm vizitatorii care revin."},
        {"checkout.title", "Plecați?"},
        {"checkout.prompt", "Scrieți primele litere ale prenumelui sau codul de plecare."},
        {"checkout.prompt_code", "Scrieți codul de plecare."},
        {"checkout.no_match", "Nu am găsit pe nimeni. Verificați cum ați scris sau întrebați la recepție."},
        {"checkout.tap_yours", "Atingeți-vă numele:"},
        {"checkout.with_code", "Plecare cu acest cod"},
        {"checkout.goodbye", "La revedere, {0}!"},
        {"checkout.thanks", "Mulțumim că ați trecut pe la noi. Pe curând!"},
        {"checkout.unknown_code", "Acest cod nu este folosit. Verificați-l sau întrebați la recepție."},
        {"keyboard.space", "Spațiu"},
        {"keyboard.shift", "Shift"},
        {"keyboard.delete", "Șterge"},
        {"access.listen", "Ascultați"},
        {"access.bigger_text", "Text mai mare"},
        {"access.high_contrast", "Contrast mare"},
    }};
    return table;
}

} // namespace coi::core
