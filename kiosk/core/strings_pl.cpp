// Polski. Plain, everyday words; "ty" as Polish signs and machines usually speak.
// Month names are in the genitive, as they read after a day number ("25 listopada").
#include "kiosk/core/string_tables.h"

namespace coi::core {

namespace {

// CLDR: one: i = 1 and v = 0; few: v = 0 and i % 10 = 2..4 and i % 100 != 12..14; many: the
// other whole numbers (fractions, "other", never reach a kiosk count).
Plural polish_plural(std::uint64_t n)
{
    std::uint64_t mod10 = n % 10, mod100 = n % 100;
    if (n == 1)
        return Plural::One;
    if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14))
        return Plural::Few;
    return Plural::Many;
}

} // namespace

const LanguageTable& language_pl()
{
    static const LanguageTable table = {"pl", polish_plural, {Plural::One, Plural::Few, Plural::Many}, {
        {"language.name", "Polski"},
        {"page.whats_on", "Dziś w programie"},
        {"page.cafe", "Kawiarnia dziś"},
        {"page.notices", "Ogłoszenia"},
        {"page.week", "W tym tygodniu"},
        {"cta.check_in", "Dotknij tutaj, aby się wpisać"},
        {"session.now", "Teraz"},
        {"session.next", "Następne"},
        {"session.cancelled", "Odwołane"},
        {"session.all_day", "Cały dzień"},
        {"session.until", "do {0}"},
        {"session.more_later#one", "+ jeszcze {0} wydarzenie później"},
        {"session.more_later#few", "+ jeszcze {0} wydarzenia później"},
        {"session.more_later#many", "+ jeszcze {0} wydarzeń później"},
        {"session.none_left", "To wszystko na dziś."},
        {"session.none_today", "Dziś nie ma zajęć, ale drzwi są otwarte."},
        {"closed.today", "Dziś jest zamknięte."},
        {"closed.opens_again", "Otwieramy znowu: {0}, {1}."},
        {"closed.now", "Teraz jest zamknięte."},
        {"closed.tomorrow", "jutro"},
        {"cafe.ask_staff", "O alergeny zapytaj obsługę."},
        {"cafe.sold_out", "Wyprzedane"},
        {"cafe.none", "Dziś bez dań dnia. Herbata, kawa i tosty jak zawsze."},
        {"cafe.allergens", "Alergeny"},
        {"cafe.more#one", "+ jeszcze {0} danie w menu"},
        {"cafe.more#few", "+ jeszcze {0} dania w menu"},
        {"cafe.more#many", "+ jeszcze {0} dań w menu"},
        {"week.today", "Dziś"},
        {"week.closed", "Zamknięte"},
        {"week.more#one", "+ jeszcze {0} wydarzenie"},
        {"week.more#few", "+ jeszcze {0} wydarzenia"},
        {"week.more#many", "+ jeszcze {0} wydarzeń"},
        {"notices.none", "Na razie brak ogłoszeń."},
        {"urgent.label", "Ważne"},
        {"qr.scan", "Zeskanuj, aby zobaczyć plan tygodnia"},
        {"day.mon", "Poniedziałek"}, {"day.tue", "Wtorek"}, {"day.wed", "Środa"}, {"day.thu", "Czwartek"},
        {"day.fri", "Piątek"}, {"day.sat", "Sobota"}, {"day.sun", "Niedziela"},
        {"day.short.mon", "Pon"}, {"day.short.tue", "Wt"}, {"day.short.wed", "Śr"}, {"day.short.thu", "Czw"},
        {"day.short.fri", "Pt"}, {"day.short.sat", "Sob"}, {"day.short.sun", "Ndz"},
        {"month.1", "stycznia"}, {"month.2", "lutego"}, {"month.3", "marca"}, {"month.4", "kwietnia"},
        {"month.5", "maja"}, {"month.6", "czerwca"}, {"month.7", "lipca"}, {"month.8", "sierpnia"},
        {"month.9", "września"}, {"month.10", "października"}, {"month.11", "listopada"}, {"month.12", "grudnia"},
        {"month.short.1", "sty"}, {"month.short.2", "lut"}, {"month.short.3", "mar"}, {"month.short.4", "kwi"},
        {"month.short.5", "maj"}, {"month.short.6", "cze"}, {"month.short.7", "lip"}, {"month.short.8", "sie"},
        {"month.short.9", "wrz"}, {"month.short.10", "paź"}, {"month.short.11", "lis"}, {"month.short.12", "gru"},
        {"diet.vegetarian", "Wegetariańskie"}, {"diet.vegan", "Wegańskie"}, {"diet.gluten-free", "Bez glutenu"}, {"diet.halal", "Halal"},
        // The 14 allergens as EU Regulation 1169/2011, Annex II, names them in Polish.
        {"allergen.celery", "Seler"}, {"allergen.gluten", "Zboża zawierające gluten"}, {"allergen.crustaceans", "Skorupiaki"},
        {"allergen.eggs", "Jaja"}, {"allergen.fish", "Ryby"}, {"allergen.lupin", "Łubin"}, {"allergen.milk", "Mleko"},
        {"allergen.molluscs", "Mięczaki"}, {"allergen.mustard", "Gorczyca"}, {"allergen.nuts", "Orzechy"},
        {"allergen.peanuts", "Orzeszki ziemne"}, {"allergen.sesame", "Sezam"}, {"allergen.soya", "Soja"},
        {"allergen.sulphites", "Dwutlenek siarki i siarczyny"},
        {"price.free", "Za darmo"},
        {"welcome.title", "Witamy w {0}"},
        {"welcome.check_in", "Wpisz się"},
        {"welcome.check_in_detail", "Daj nam znać, że jesteś"},
        {"welcome.check_out", "Już wychodzisz?"},
        {"welcome.check_out_detail", "Wypisz się przed wyjściem"},
        {"nav.back", "Wstecz"},
        {"nav.cancel", "Od nowa"},
        {"checkin.what_brings_you", "Co Cię dziś do nas sprowadza?"},
        {"checkin.tile_now", "Teraz \xC2\xB7 {0}"},
        {"checkin.tile_next", "Od {0} \xC2\xB7 {1}"},
        {"checkin.tile_one_tap", "Jedno dotknięcie, bez pisania"},
        {"checkin.tile_name", "Zapytamy o Twoje imię"},
        {"checkin.private", "Prywatne spotkanie"},
        {"checkin.your_name", "Jak masz na imię?"},
        {"checkin.first_name", "Imię"},
        {"checkin.initial", "Inicjał (opcjonalnie)"},
        {"checkin.privacy#one", "Przechowujemy Twoje imię i inicjał przez {0} dzień, żeby w razie pożaru wiedzieć, kto jest w budynku. Potem je usuwamy."},
        {"checkin.privacy#few", "Przechowujemy Twoje imię i inicjał przez {0} dni, żeby w razie pożaru wiedzieć, kto jest w budynku. Potem je usuwamy."},
        {"checkin.privacy#many", "Przechowujemy Twoje imię i inicjał przez {0} dni, żeby w razie pożaru wiedzieć, kto jest w budynku. Potem je usuwamy."},
        {"checkin.confirm", "Wpisz się"},
        {"checkin.name_needed", "Wpisz swoje imię."},
        {"checkin.trimmed", "Zostawiliśmy tylko litery Twojego imienia."},
        {"checkin.thanks", "Dziękujemy!"},
        {"checkin.enjoy", "Miłej wizyty!"},
        {"checkin.welcome_name", "Witaj, {0}!"},
        {"checkin.session_in_room", "{0} odbywa się tutaj: {1}."},
        {"checkin.take_a_seat", "Usiądź, zaraz ktoś do Ciebie podejdzie."},
        {"checkin.private_done", "Usiądź, zaraz ktoś do Ciebie podejdzie."},
        {"checkin.your_code", "Twój kod wyjścia"},
        {"checkin.code_hint", "Przyda się przy wypisaniu. Nie musisz go zapisywać: wystarczy też imię."},
        {"checkin.code_hint_only", "Zapamiętaj go: przyda się przy wypisaniu."},
        {"checkin.saving_failed", "Przepraszamy, nie udało się zapisać. Spróbuj jeszcze raz albo zapytaj w recepcji."},
        {"checkin.kept_in_memory", "Ten ekran nie może teraz zapisać danych na karcie pamięci: prosimy też zgłosić się w recepcji."},
        {"feedback.question", "Jak nam dziś poszło?"},
        {"feedback.happy", "Dobrze"},
        {"feedback.okay", "Tak sobie"},
        {"feedback.unhappy", "Źle"},
        {"feedback.hint", "Jedno dotknięcie albo po prostu idź dalej."},
        {"feedback.thanks", "Dziękujemy, że nam powiedziałeś."},
        {"remember.offer", "Zapamiętać Cię na następny raz?"},
        {"remember.offer_detail", "Liczymy powracających gości, nigdy po imieniu"},
        {"remember.title", "Zapamiętać Cię na następny raz?"},
        {"remember.prompt", "Wybierz 4 znaki albo imię i inicjał. Następnym razem wpisz to samo."},
        {"remember.too_short", "Wpisz co najmniej 4 znaki."},
        {"remember.confirm", "Zapamiętaj mnie"},
        {"remember.kept", "Zapamiętamy Cię."},
        {"remember.welcome_back", "Witamy ponownie!"},
        {"remember.kept_detail", "Następnym razem wpisz to samo."},
        {"remember.privacy#one", "Przechowujemy tylko zaszyfrowaną postać tego, co wpiszesz, nigdy same słowa, przez {0} dzień od ostatniego użycia, żeby liczyć powracających gości."},
        {"remember.privacy#few", "Przechowujemy tylko zaszyfrowaną postać tego, co wpiszesz, nigdy same słowa, przez {0} dni od ostatniego użycia, żeby liczyć powracających gości."},
        {"remember.privacy#many", "Przechowujemy tylko zaszyfrowaną postać tego, co wpiszesz, nigdy same słowa, przez {0} dni od ostatniego użycia, żeby liczyć powracających gości."},
        {"checkout.title", "Już wychodzisz?"},
        {"checkout.prompt", "Wpisz pierwsze litery swojego imienia albo kod wyjścia."},
        {"checkout.prompt_code", "Wpisz swój kod wyjścia."},
        {"checkout.no_match", "Nikogo nie znaleziono. Sprawdź pisownię albo zapytaj w recepcji."},
        {"checkout.tap_yours", "Dotknij swojego imienia:"},
        {"checkout.with_code", "Wypisz się tym kodem"},
        {"checkout.goodbye", "Do widzenia, {0}!"},
        {"checkout.thanks", "Dziękujemy za wizytę. Do zobaczenia!"},
        {"checkout.unknown_code", "Ten kod nie jest używany. Sprawdź go albo zapytaj w recepcji."},
        {"keyboard.space", "Spacja"},
        {"keyboard.shift", "Shift"},
        {"keyboard.delete", "Usuń"},
        {"access.listen", "Posłuchaj"},
        {"access.bigger_text", "Większy tekst"},
        {"access.high_contrast", "Wysoki kontrast"},
    }};
    return table;
}

} // namespace coi::core
