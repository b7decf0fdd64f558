// Українська. Plain words, the polite "ви" form that public signs use. Month names are
// in the genitive, as they read after a day number ("25 листопада"); the apostrophe is ’.
#include "kiosk/core/string_tables.h"

namespace coi::core {

namespace {

// CLDR: one: v = 0 and i % 10 = 1 and i % 100 != 11; few: v = 0 and i % 10 = 2..4 and
// i % 100 != 12..14; many: v = 0 and (i % 10 = 0 or i % 10 = 5..9 or i % 100 = 11..14).
Plural ukrainian_plural(std::uint64_t n)
{
    std::uint64_t mod10 = n % 10, mod100 = n % 100;
    if (mod10 == 1 && mod100 != 11)
        return Plural::One;
    if (mod10 >= 2 && mod10 <= 4 && !(mod100 >= 12 && mod100 <= 14))
        return Plural::Few;
    return Plural::Many;
}

} // namespace

const LanguageTable& language_uk()
{
    static const LanguageTable table = {"uk", ukrainian_plural, {Plural::One, Plural::Few, Plural::Many}, {
        {"language.name", "Українська"},
        {"page.whats_on", "Сьогодні у нас"},
        {"page.cafe", "Кафе сьогодні"},
        {"page.notices", "Оголошення"},
        {"page.week", "Цього тижня"},
        {"cta.check_in", "Торкніться тут, щоб зареєструватися"},
        {"session.now", "Зараз"},
        {"session.next", "Далі"},
        {"session.cancelled", "Скасовано"},
        {"session.all_day", "Весь день"},
        {"session.until", "до {0}"},
        {"session.more_later#one", "+ ще {0} заняття пізніше сьогодні"},
        {"session.more_later#few", "+ ще {0} заняття пізніше сьогодні"},
        {"session.more_later#many", "+ ще {0} занять пізніше сьогодні"},
        {"session.none_left", "На сьогодні це все."},
        {"session.none_today", "Сьогодні занять немає, але двері відчинені."},
        {"closed.today", "Сьогодні ми зачинені."},
        {"closed.opens_again", "Знову відчиняємося: {0}, о {1}."},
        {"closed.now", "Зараз ми зачинені."},
        {"closed.tomorrow", "завтра"},
        {"cafe.ask_staff", "Про алергени запитайте персонал."},
        {"cafe.sold_out", "Розпродано"},
        {"cafe.none", "Сьогодні без страв дня. Чай, кава і тости, як завжди."},
        {"cafe.allergens", "Алергени"},
        {"cafe.more#one", "+ ще {0} страва в меню"},
        {"cafe.more#few", "+ ще {0} страви в меню"},
        {"cafe.more#many", "+ ще {0} страв у меню"},
        {"week.today", "Сьогодні"},
        {"week.closed", "Зачинено"},
        {"week.more#one", "+ ще {0} заняття"},
        {"week.more#few", "+ ще {0} заняття"},
        {"week.more#many", "+ ще {0} занять"},
        {"notices.none", "Поки що оголошень немає."},
        {"urgent.label", "Важливо"},
        {"qr.scan", "Скануйте, щоб побачити розклад на тиждень"},
        {"day.mon", "Понеділок"}, {"day.tue", "Вівторок"}, {"day.wed", "Середа"}, {"day.thu", "Четвер"},
        {"day.fri", "П’ятниця"}, {"day.sat", "Субота"}, {"day.sun", "Неділя"},
        {"day.short.mon", "Пн"}, {"day.short.tue", "Вт"}, {"day.short.wed", "Ср"}, {"day.short.thu", "Чт"},
        {"day.short.fri", "Пт"}, {"day.short.sat", "Сб"}, {"day.short.sun", "Нд"},
        {"month.1", "січня"}, {"month.2", "лютого"}, {"month.3", "березня"}, {"month.4", "квітня"},
        {"month.5", "травня"}, {"month.6", "червня"}, {"month.7", "липня"}, {"month.8", "серпня"},
        {"month.9", "вересня"}, {"month.10", "жовтня"}, {"month.11", "листопада"}, {"month.12", "грудня"},
        {"month.short.1", "січ."}, {"month.short.2", "лют."}, {"month.short.3", "бер."}, {"month.short.4", "квіт."},
        {"month.short.5", "трав."}, {"month.short.6", "черв."}, {"month.short.7", "лип."}, {"month.short.8", "серп."},
        {"month.short.9", "вер."}, {"month.short.10", "жовт."}, {"month.short.11", "лист."}, {"month.short.12", "груд."},
        {"diet.vegetarian", "Вегетаріанське"}, {"diet.vegan", "Веганське"}, {"diet.gluten-free", "Без глютену"}, {"diet.halal", "Халяль"},
        // The 14 allergens as Ukraine's food information law (after EU Regulation 1169/2011) names them.
        {"allergen.celery", "Селера"}, {"allergen.gluten", "Злаки, що містять глютен"}, {"allergen.crustaceans", "Ракоподібні"},
        {"allergen.eggs", "Яйця"}, {"allergen.fish", "Риба"}, {"allergen.lupin", "Люпин"}, {"allergen.milk", "Молоко"},
        {"allergen.molluscs", "Молюски"}, {"allergen.mustard", "Гірчиця"}, {"allergen.nuts", "Горіхи"},
        {"allergen.peanuts", "Арахіс"}, {"allergen.sesame", "Кунжут"}, {"allergen.soya", "Соя"},
        {"allergen.sulphites", "Діоксид сірки та сульфіти"},
        {"price.free", "Безкоштовно"},
        {"welcome.title", "Ласкаво просимо до {0}"},
        {"welcome.check_in", "Реєстрація"},
        {"welcome.check_in_detail", "Повідомте нам, що ви тут"},
        {"welcome.check_out", "Вже йдете?"},
        {"welcome.check_out_detail", "Відмітьте вихід, коли йдете додому"},
        {"nav.back", "Назад"},
        {"nav.cancel", "Почати знову"},
        {"checkin.what_brings_you", "Що привело вас сьогодні?"},
        {"checkin.tile_now", "Зараз \xC2\xB7 {0}"},
        {"checkin.tile_next", "Початок о {0} \xC2\xB7 {1}"},
        {"checkin.tile_one_tap", "Один дотик, писати не треба"},
        {"checkin.tile_name", "Ми запитаємо ваше ім’я"},
        {"checkin.private", "Особиста зустріч"},
        {"checkin.your_name", "Як вас звати?"},
        {"checkin.first_name", "Ім’я"},
        {"checkin.initial", "Ініціал (необов’язково)"},
        {"checkin.privacy#one", "Ваше ім’я та ініціал ми зберігаємо {0} день, щоб знати, хто в будівлі, якщо станеться пожежа. Потім ми їх видаляємо."},
        {"checkin.privacy#few", "Ваше ім’я та ініціал ми зберігаємо {0} дні, щоб знати, хто в будівлі, якщо станеться пожежа. Потім ми їх видаляємо."},
        {"checkin.privacy#many", "Ваше ім’я та ініціал ми зберігаємо {0} днів, щоб знати, хто в будівлі, якщо станеться пожежа. Потім ми їх видаляємо."},
        {"checkin.confirm", "Готово"},
        {"checkin.name_needed", "Будь ласка, введіть своє ім’я."},
        {"checkin.trimmed", "Ми залишили лише літери вашого імені."},
        {"checkin.thanks", "Дякуємо!"},
        {"checkin.enjoy", "Гарно проведіть час!"},
        {"checkin.welcome_name", "Вітаємо, {0}!"},
        {"checkin.session_in_room", "{0} проходить тут: {1}."},
        {"checkin.take_a_seat", "Сідайте, будь ласка, незабаром до вас підійдуть."},
        {"checkin.private_done", "Сідайте, будь ласка, незабаром до вас підійдуть."},
        {"checkin.your_code", "Ваш код для виходу"},
        {"checkin.code_hint", "Він знадобиться, коли йтимете. Записувати не обов’язково: можна й за ім’ям."},
        {"checkin.code_hint_only", "Запам’ятайте його: він знадобиться, коли йтимете."},
        {"checkin.saving_failed", "Вибачте, не вдалося зберегти. Спробуйте ще раз або зверніться на рецепцію."},
        {"checkin.kept_in_memory", "Цей екран зараз не може зберегти дані на карту пам’яті: будь ласка, повідомте й на рецепції, що ви тут."},
        {"feedback.question", "Як ми впоралися сьогодні?"},
        {"feedback.happy", "Добре"},
        {"feedback.okay", "Так собі"},
        {"feedback.unhappy", "Погано"},
        {"feedback.hint", "Один дотик, або просто йдіть далі."},
        {"feedback.thanks", "Дякуємо, що сказали."},
        {"remember.offer", "Запам’ятати вас на наступний раз?"},
        {"remember.offer_detail", "Рахуємо тих, хто повертається, ніколи за ім’ям"},
        {"remember.title", "Запам’ятати вас на наступний раз?"},
        {"remember.prompt", "Виберіть 4 символи або ім’я та ініціал. Наступного разу введіть те саме."},
        {"remember.too_short", "Введіть щонайменше 4 символи."},
        {"remember.confirm", "Запам’ятайте мене"},
        {"remember.kept", "Ми вас запам’ятаємо."},
        {"remember.welcome_back", "З поверненням!"},
        {"remember.kept_detail", "Наступного разу введіть те саме."},
        {"remember.privacy#one", "Ми зберігаємо лише зашифровану форму того, що ви вводите, ніколи самі слова, {0} день після останнього використання, щоб рахувати тих, хто повертається."},
        {"remember.privacy#few", "Ми зберігаємо лише зашифровану форму того, що ви вводите, ніколи самі слова, {0} дні після останнього використання, щоб рахувати тих, хто повертається."},
        {"remember.privacy#many", "Ми зберігаємо лише зашифровану форму того, що ви вводите, ніколи самі слова, {0} днів після останнього використання, щоб рахувати тих, хто повертається."},
        {"checkout.title", "Вже йдете?"},
        {"checkout.prompt", "Введіть перші літери свого імені або код для виходу."},
        {"checkout.prompt_code", "Введіть код для виходу."},
        {"checkout.no_match", "Нікого не знайдено. Перевірте написання або зверніться на рецепцію."},
        {"checkout.tap_yours", "Торкніться свого імені:"},
        {"checkout.with_code", "Вийти з цим кодом"},
        {"checkout.goodbye", "До побачення, {0}!"},
        {"checkout.thanks", "Дякуємо, що завітали. До зустрічі!"},
        {"checkout.unknown_code", "Цей код не використовується. Перевірте його або зверніться на рецепцію."},
        {"keyboard.space", "Пробіл"},
        {"keyboard.shift", "Shift"},
        {"keyboard.delete", "Стерти"},
        {"access.listen", "Прослухати"},
        {"access.bigger_text", "Більший текст"},
        {"access.high_contrast", "Висока контрастність"},
    }};
    return table;
}

} // namespace coi::core
