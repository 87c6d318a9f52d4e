"""The words referral lists use for their column headings, in English, Dari and Pashto.

``heading_field`` names the field a heading holds: first by its synonyms
(compared after ``norm``, which also folds the Arabic-script letters that
Windows-1256 and Arabic keyboards write, ي ك ى ې, into the Persian ones),
then by the words it contains ("Passport No. (if any)" holds a passport
number). The Dari and Pashto headings are those of Afghan government forms
and NGO lists: نام, نام پدر, تاریخ تولد, شماره تذکره, شماره پاسپورت, شماره تلفن,
جنسیت, رابطه, ولایت; نوم, د پلار نوم, د زیږیدو نیټه, د تذکرې شمېره, تلیفون, اړیکه.
"""

from __future__ import annotations

import re
import unicodedata

# field -> (label, synonyms). Synonyms are compared after `_norm`.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "referral_ref": ("Referral reference", ("ref", "reference", "ref no", "referral ref", "referral reference",
                                            "referral id", "referral no", "id", "case ref", "our ref", "serial",
                                            "s no", "sno", "no", "row id", "record id", "person id")),
    "principal_ref": ("Principal reference", ("principal ref", "principal reference", "principal id", "principal",
                                              "pa ref", "main applicant ref", "linked to", "family of", "head ref",
                                              "principal ref no", "principal applicant ref")),
    "family_group": ("Family / group", ("family", "family id", "family no", "family group", "group", "group id",
                                        "household", "household id", "family ref", "family number", "group no")),
    "full_name": ("Full name", ("full name", "name", "name as in passport", "name as per passport", "applicant name",
                                "person name", "full name as in passport", "names")),
    "given_names": ("Given names", ("given name", "given names", "first name", "first names", "forename",
                                    "forenames")),
    "surname": ("Surname", ("surname", "last name", "family name")),
    "name_original": ("Name in original script", ("name dari", "name pashto", "name in dari", "name in pashto",
                                                  "dari name", "pashto name", "name original script",
                                                  "name in original script", "original name", "local name",
                                                  "name in local script")),
    "variants": ("Other spellings", ("aka", "also known as", "other spellings", "alias", "aliases", "variants",
                                     "alternative spelling", "other names")),
    "father_name": ("Father's name", ("fathers name", "father name", "f name", "s o", "son of", "d o", "father")),
    "sex": ("Sex", ("sex", "gender", "m f")),
    "date_of_birth": ("Date of birth", ("dob", "d o b", "date of birth", "birth date", "birthdate", "born",
                                        "year of birth", "yob",
                                        "date of birth solar hijri", "dob sh")),
    "place_of_birth": ("Place of birth", ("place of birth", "pob", "birthplace", "birth place")),
    "nationality": ("Nationality", ("nationality", "citizenship")),
    "relationship": ("Relationship", ("relationship", "relation", "relationship to principal", "relationship to pa",
                                      "rel", "family role", "relationship to applicant")),
    "passport_number": ("Passport number", ("passport", "passport no", "passport number", "ppt no", "ppt",
                                            "passport num")),
    "passport_expiry": ("Passport expiry", ("passport expiry", "expiry", "expiry date", "ppt expiry",
                                            "date of expiry", "passport expiry date")),
    "tazkira_number": ("Tazkira number", ("tazkira", "tazkira no", "tazkira number", "tazkera", "taskera",
                                          "tazkira id", "national id", "nid", "e tazkira", "tazkira e tazkira")),
    "phone": ("Phone / WhatsApp", ("phone", "phone whatsapp", "whatsapp", "mobile", "tel", "telephone",
                                   "contact number", "phone number", "whatsapp number", "cell", "phone no",
                                   "mobile number")),
    "email": ("E-mail", ("email", "e mail", "email address")),
    "scheme": ("Scheme", ("scheme", "route", "programme")),
    "category": ("Category", ("category", "arap category", "cat")),
    "referral_source": ("Referral source", ("referral source", "source", "referred by org", "source of referral")),
    "referrer": ("Referrer", ("referrer", "referred by", "referring officer", "mp", "sponsor")),
    "employer": ("Employer", ("employer", "employed by", "organisation", "organization", "unit", "employer unit")),
    "job_role": ("Job or role", ("job", "role", "job title", "position", "occupation", "job role")),
    "priority": ("Priority", ("priority", "urgency")),
    "current_country": ("Current country", ("current country", "country", "country now", "location country")),
    "current_area": ("Current area", ("current area", "area", "province", "city", "current location",
                                      "whereabouts", "location", "current province")),
    "post": ("Post", ("post", "owning post", "embassy")),
    "notes": ("Notes (kept in the case notes)", ("notes", "comments", "remarks", "note", "additional info",
                                                 "comment")),
    "import_person": ("Person it made (outcomes workbook)", ("import person",)),
    "ignore": ("(ignore this column)", ("import errors", "row in original file", "errors", "import outcome",
                                        "import column", "import reason", "import case")),
}
# field -> headings in Dari and Pashto (written as typed; compared after `norm`).
DARI_PASHTO: dict[str, tuple[str, ...]] = {
    "referral_ref": ("شماره", "نمبر", "شمیره", "ردیف", "شماره مسلسل", "مسلسل", "ګڼه", "شمېره"),
    "full_name": ("نام", "نام کامل", "نام و تخلص", "اسم", "اسم کامل", "نوم", "بشپړ نوم", "پوره نوم", "نوم او تخلص"),
    "surname": ("تخلص", "کورنۍ نوم", "د کورنۍ نوم", "نام خانوادگی"),
    "name_original": ("نام به دری", "نوم په پښتو", "نام به پشتو"),
    "father_name": ("نام پدر", "ولد", "ولدیت", "نام والد", "د پلار نوم", "پلار", "د پلار", "پدر"),
    "sex": ("جنس", "جنسیت", "جندر", "نر ښځه"),
    "date_of_birth": ("تاریخ تولد", "سال تولد", "تولد", "د زیږیدو نیټه", "د زیږون نیټه", "د زېږېدو نېټه",
                      "د زیږېدو کال", "زیږیدنه", "تاریخ تولد هجری شمسی"),
    "place_of_birth": ("محل تولد", "زادگاه", "د زیږیدو ځای", "د زیږون ځای"),
    "nationality": ("تابعیت", "ملیت", "تابعیت کشور"),
    "relationship": ("رابطه", "نسبت", "قرابت", "رابطه با متقاضی", "خپلوي", "اړیکه", "اړیکې", "خپلولي"),
    "passport_number": ("پاسپورت", "شماره پاسپورت", "نمبر پاسپورت", "پاسپورت نمبر", "گذرنامه", "شماره گذرنامه",
                        "پاسپورټ", "د پاسپورټ شمېره", "د پاسپورت شمیره", "د پاسپورټ نمبر"),
    "passport_expiry": ("تاریخ انقضا", "تاریخ انقضای پاسپورت", "انقضا", "د پای نیټه", "د پاسپورټ د پای نیټه"),
    "tazkira_number": ("تذکره", "شماره تذکره", "نمبر تذکره", "تذکره نمبر", "تذکره شماره", "شماره تذکره الکترونیکی",
                       "تذکره الکترونیکی", "د تذکرې شمېره", "د تذکرې نمبر", "تذکرې شمېره", "د تذکری شمیره"),
    "phone": ("شماره تماس", "شماره تلفن", "نمبر تماس", "نمبر تلفن", "شماره موبایل", "تلفن", "تیلفون", "تلیفون",
              "موبایل", "مبایل", "واتساپ", "واتس اپ", "ټیلیفون", "ټلیفون", "د تلیفون شمېره", "د اړیکې شمېره",
              "واټساپ", "شماره واتساپ"),
    "email": ("ایمیل", "ایمیل آدرس", "برېښنالیک"),
    "employer": ("اداره", "محل کار", "کارفرما", "د دندې ځای"),
    "job_role": ("وظیفه", "شغل", "عنوان وظیفه", "دنده", "بست"),
    "current_country": ("کشور", "کشور فعلی", "هیواد", "اوسنی هیواد"),
    "current_area": ("ولایت", "ولسوالی", "محل سکونت", "محل فعلی", "سکونت فعلی", "اوسنی ځای", "شهر"),
    "family_group": ("خانواده", "شماره خانواده", "کورنۍ", "د کورنۍ شمېره"),
    "notes": ("ملاحظات", "توضیحات", "یادداشت", "تبصره", "نظریات", "ملاحظه"),
}
REPEATABLE = frozenset({"notes", "ignore", "phone", "variants"})
NAME_FIELDS = ("full_name", "given_names", "surname", "name_original")
_CONTAINS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    # (all of these words, none of these, field)
    (("passport", "expir"), (), "passport_expiry"),
    (("انقضا",), (), "passport_expiry"),
    (("پاسپورت",), (), "passport_number"),
    (("پاسپورټ",), (), "passport_number"),
    (("گذرنامه",), (), "passport_number"),
    (("تذکر",), (), "tazkira_number"),
    (("پدر",), (), "father_name"),
    (("پلار",), (), "father_name"),
    (("تلفن",), (), "phone"),
    (("تلیفون",), (), "phone"),
    (("موبایل",), (), "phone"),
    (("واتس",), (), "phone"),
    (("تولد",), ("محل",), "date_of_birth"),
    (("زیږ", "نیټه"), (), "date_of_birth"),
    (("زیږ", "ځای"), (), "place_of_birth"),
    (("passport",), (), "passport_number"),
    (("tazk",), (), "tazkira_number"),
    (("taskera",), (), "tazkira_number"),
    (("father",), (), "father_name"),
    (("principal",), (), "principal_ref"),
    (("whatsapp",), (), "phone"),
    (("phone",), (), "phone"),
    (("mobile",), (), "phone"),
    (("birth",), ("place",), "date_of_birth"),
    (("dob",), (), "date_of_birth"),
    (("relation",), (), "relationship"),
    (("family", "name"), (), "surname"),
    (("name", "dari"), (), "name_original"),
    (("name", "pashto"), (), "name_original"),
    (("name", "original"), (), "name_original"),
    (("given",), (), "given_names"),
    (("first", "name"), (), "given_names"),
    (("last", "name"), (), "surname"),
    (("mother",), (), "notes"),
    (("spouse",), (), "notes"),
    (("name",), (), "full_name"),
    (("family",), (), "family_group"),
    (("household",), (), "family_group"),
    (("group",), (), "family_group"),
    (("gender",), (), "sex"),
    (("note",), (), "notes"),
    (("comment",), (), "notes"),
)
_NORM_RE = re.compile(r"[^\w]+")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ك": "ک", "ګ": "گ", "ة": "ه", "ۀ": "ه",
                       "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ـ": "", "'": "", "’": ""})  # fmt: skip


def norm(heading: str) -> str:
    """A heading compared by its words: lower case, no punctuation or marks, Arabic letters folded."""
    text = "".join(ch for ch in unicodedata.normalize("NFKC", heading) if unicodedata.category(ch) != "Mn")
    return " ".join(_NORM_RE.sub(" ", text.lower().translate(_FOLD)).split())


_SYNONYMS = {norm(syn): key for key, (_, synonyms) in FIELDS.items() for syn in synonyms}
_SYNONYMS.update({norm(syn): key for key, synonyms in DARI_PASHTO.items() for syn in synonyms})
_CONTAINS_NORMED = tuple((tuple(norm(w) for w in wanted), tuple(norm(w) for w in unwanted), key)
                         for wanted, unwanted, key in _CONTAINS)


def heading_field(heading: str) -> str | None:
    """The field a heading names, or None when nothing recognises it."""
    text = norm(heading)
    if not text:
        return None
    if text in _SYNONYMS:
        return _SYNONYMS[text]
    words = text.split()
    for wanted, unwanted, key in _CONTAINS_NORMED:
        if all(any(w.startswith(x) for w in words) for x in wanted) and not any(
                any(w.startswith(x) for w in words) for x in unwanted):
            return key
    return None
