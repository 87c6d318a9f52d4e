"""Name normalisation and matching keys, so that spellings of one name meet.

A person's name reaches us in Dari/Pashto script and in several Latin spellings
(Mohammad / Muhammad / Mohd). Matching works in four steps:

1. ``name_tokens`` normalises (NFKC, casefold, diacritics and harakat removed,
   Arabic letter variants folded: ي/ی, ك/ک, ة/ه, hamza seats, tatweel, digits)
   and splits the name, joining compounds so that each is one token:
   ``abd``/``abdul``/``عبد`` + next word, word + ``ullah``/``الله``, ``nur``/``نور`` +
   next word, ``ul/ud/ur/al`` connectors ("Zia ul Haq", "Fazlur Rahman",
   "فضل الرحمن"). Tokens stay in the script they were written in.
2. ``domain.name_parts`` splits a token into the names it is made of: Abd + one of
   the 99 names (Abdurrahman → abd, rhmn), Nur + a name, a name + ul/ur/ud + Haq,
   Rahman… (Ziaulhaq → z, hk), two listed given names written as one word
   (Mirwais → mr, ws; احمدشاه → ahmd, c); "-ullah" and "-uddin" compounds stay whole.
   An article is dropped only at these joints, never inside a plain word (Popalzai).
3. Each name gets a script-independent key of lowercase letters and digits.
   Dari/Pashto letters are transliterated to one-letter codes (Pashto letters fold to
   their nearest Dari sound: ټ→t, ډ→d, ړ→r, ږ/ژ→z, ښ→sh, ځ→z, څ→s, ڼ→n; a Latin
   word-initial ts/dz is څ/ځ); Latin spellings get the same codes (sh→c, kh/x→x,
   ch→q, gh→g, zh/dh→z, ph→f, q/c→k, v→w). Then "-ullah" becomes ``v``, runs of one
   Latin letter collapse (two Arabic-script letters are two sounds), vowels and the
   semivowels w/y are dropped after the first letter (a first vowel counts as ``a``),
   and a final ``h`` is dropped (Fatimah = فاطمه = Fatima). ``pashto_alternate`` gives
   the other reading of ښ ږ څ ځ (kh, g, ch, j), for a second set of keys.
4. A dictionary of common Afghan/Arabic given names maps known spellings (and
   abbreviations such as Mohd/Md, matched exactly) to one key per family. Where
   two families share a skeleton (Muhammad/Mahmud, Hussain/Hasan, Sayed/Saeed,
   Omar/Amir), the first keeps the bare skeleton and the other is keyed by its
   canonical spelling, so the listed spellings keep them apart.

``token_key`` is the key of a whole token (Abdurrahman → abdrhmn), ``name_keys`` the
keys of the names in it (abd, rhmn): search holds both, de-duplication compares the
second. docs/parsers/names.md lists the public vectors this is checked against.

Known false positives, by design of a consonant skeleton: names that differ only
in vowels or w/y (Hasina/Hasan, Karim/Karima, Jamal/Jamil, Sayed/Saeed when
spelled in an unlisted way), and unlisted spellings of a dictionary name that
share the skeleton of an earlier family (an unlisted "Mehmod" meets Muhammad).
Known misses: initials (M. Karim), compounds of unlisted names written as one word,
Cyrillic spellings (docs/parsers/names.md has the full list). Keys are for finding candidates; a person decides.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from caseworker.domain import name_parts

_APOSTROPHES = "'`´ʹʻʼʽʾʿˈ‘’‚‛′‵＇"
_PRE_MAP = {
    **{c: "'" for c in _APOSTROPHES}, **{c: None for c in "¨˜¸˝˘˙˚˛\u00ad\u0640\u061c\u180e\ufeff"},
    **{chr(c): None for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070))},
    **{chr(c): " " for c in (*range(0x20), *range(0x7F, 0xA0))},
}
_PRE = str.maketrans(_PRE_MAP)
_POST = str.maketrans({
    **_PRE_MAP, **{c: "-" for c in "‐‑‒–—―−⁃﹘﹣"}, **{c: "." for c in "·•‧․∙・"},
    "ø": "o", "ł": "l", "đ": "d", "ð": "d", "ı": "i", "ħ": "h", "æ": "ae", "œ": "oe", "þ": "th",
})
_MARKS_RE = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u08d3-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_ARABIC_RE = re.compile(
    "[\u0620-\u064a\u066e-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9"
    "\ufb50-\ufdff\ufe70-\ufefc]"
)
_SPLIT_RE = re.compile(r"[\W_]+")
_FOLD = str.maketrans(
    {**{c: "ی" for c in "يىےېۍێ"}, "ك": "ک", "ګ": "گ", **{c: "ه" for c in "ةۃۀەھ"}, "ء": None,
     **{chr(0x660 + i): str(i) for i in range(10)}, **{chr(0x6F0 + i): str(i) for i in range(10)}}
)
# Key alphabet: Latin consonants, with c = sh, x = kh, q = ch and v = "-ullah" (Latin c, q,
# x, v are folded away first). Dari/Pashto letters (after folding) and the placeholders of
# Latin digraphs (S, X, C) map into it in one pass.
_CODES = str.maketrans(dict(zip(
    "ابپتټثجچحخڅځدډذرړزژږسشښصضطظعغفقکگلمنڼوهی" "qcxvSXC",
    "abptts" "jqhxszddzrrzzzsccszt" "zagfkkglmnnuhi" "kkxwcxq", strict=True)))
_DIGRAPHS = (("sh", "S"), ("kh", "X"), ("gh", "g"), ("ch", "C"), ("zh", "z"), ("dh", "z"),
             ("ph", "f"), ("dj", "j"))
_ULLAH_RE = re.compile(r"(?<=..)(?:[aou](?:llah?|lah|llh)|[ei]llah)$")
_RUNS_RE = re.compile(r"(.)\1+")
_DROP = str.maketrans("", "", "aeiouwy")
_DISPLAY: dict[str, str] = {}  # folded Dari spelling -> canonical Latin spelling

_ABD = frozenset("abd abdu abdul abdal abdel abdol abdur abdus abduz abdud abdut abdun abdush عبد".split())
_NUR = frozenset("nur noor nour نور".split())
_PREFIXES = _ABD | _NUR
_ULLAH = frozenset("ullah ulla ollah olla allah alla ulah الله".split())
_ARTICLES = frozenset("al el ul ol ud ur us uz ut un ush ad ar as az ash ال".split())
_PARTICLES = frozenset("al el ال".split())
_SECOND = frozenset(
    "haq haqq haque hak huq hoq din deen rahman rehman rahim raheem islam amin ameen zaman nisa "
    "nissa hadi huda hoda mulk حق دین رحمن رحمان رحیم اسلام امین زمان نسا هادی هدی ملک".split()
)
_CONNECT_END = ("ul", "ur", "ud", "us", "uz", "ush", "ut", "un")
_NOT_CONNECTED = frozenset(
    "rasul maqbul qabul mansur shakur nur timur taimur mahmud masud daud dawud maqsud yunus "
    "younus qudus firuz manzur mastur sabur ghayur gul".split()
)

# Families of one given name, separated by ";": Latin spellings ("." marks an abbreviation,
# matched exactly, never by skeleton) | Dari/Pashto spellings. The first is canonical.
_FAMILIES = """
mohammad muhammad mohammed mohamed mohamad muhammed muhamad muhamed mohammod mahammad mohummad
 mohd. md. mhd. muhd. mohmad. mohmmad. | محمد
ahmad ahmed ahmet ahamad | احمد
mahmood mahmud mahmoud mehmood mehmud mahmod mahmut mehmoud | محمود
hussain hussein husain hossein hosain husayn hussayn hosein houssein husein hussien | حسین
hasan hassan hasen hassen | حسن
yusuf yousuf yousef yusef yosuf youssef yousif yusif yusof yousaf | یوسف
fatima fatimah fatema fatemah fatma fatime fatmah | فاطمه
zainab zeinab zaynab zenab zeynab zinab | زینب
abdullah abdollah abdallah abdulla abdalla abdulah | عبدالله; gul gol | گل; khan | خان
rahim raheem rehim rahem | رحیم; karim kareem karem kerim | کریم
sayed sayyid syed said sayyed seyed seyyed sayid saiyid | سید; saeed saeid saied saeeid | سعید
nazanin nazaneen nazenin | نازنین; mir meer | میر
haji hajji hajee alhaj alhaji alhajj | حاجی الحاج; ali aly alee | علی; omar umar omer umer | عمر
usman osman othman uthman usmon | عثمان; amir ameer emir | امیر
ibrahim ebrahim ibraheem ebraheem ibrahem | ابراهیم
ismail esmail ismael esmaeel ismaeel ismayil esmaeil | اسماعیل; ishaq ishaque eshaq ishak | اسحاق
khalid khaled | خالد; rashid rasheed rashed | رشید راشد
nasir naseer nasser naser nassir | ناصر نصیر; hamid hameed hamed | حمید حامد
majid majeed majed | مجید ماجد; wahid waheed vahid vaheed wahed | وحید
zahir zaheer zaher | ظاهر ظهیر; nur noor nour | نور; jan jaan | جان; aziz azeez | عزیز
habib habeeb | حبیب; najib najeeb nadjib | نجیب; shah sha | شاه
mustafa mostafa moustafa mustapha | مصطفی; maryam mariam mariyam meryem | مریم
khadija khadijah khadeeja khadeejah | خدیجه; aisha ayesha aysha aishah ayisha aesha | عایشه
zahra zehra zahraa | زهرا; masood masud masoud massoud | مسعود
dawood daud dawud dawod daoud | داود; qasim kasim qassim qasem ghasem | قاسم; jawad javad | جواد
rahman rehman rahmaan | رحمان رحمن; latif lateef | لطیف; shafiq shafeeq shafik | شفیق
sharif shareef | شریف; hafiz hafez | حافظ; ghulam gholam golam gulam | غلام; agha aga aqa | آغا آقا
sultan soltan | سلطان; yasin yaseen yassin | یاسین; younus yunus younis yunis | یونس
qadir qader kadir | قادر; sadiq sadeq sadik | صادق; siddiq siddique sediq seddiq siddeeq | صدیق
ehsan ihsan | احسان; parwin parveen parvin perveen | پروین; ramazan ramadan ramzan ramezan | رمضان
laila leila layla leyla | لیلا لیلی
"""


def normalise_latin(text: str) -> str:
    """NFKC, casefold, strip diacritics, unify apostrophes/hyphens/dots, collapse spaces."""
    if not text:
        return ""
    s = text.translate(_PRE)
    if s.isascii():
        s = s.lower()
    else:
        s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", s).casefold())
        s = unicodedata.normalize("NFC", _MARKS_RE.sub("", s)).translate(_POST)
    return " ".join(s.split())


def is_arabic_script(text: str) -> bool:
    """True when the text contains at least one Arabic-script (Dari/Pashto) letter."""
    return _ARABIC_RE.search(text) is not None


def _words(text: str) -> list[str]:
    s = normalise_latin(text).translate(_FOLD).replace("'", "")
    return [w for w in _SPLIT_RE.split(s) if w]


def _connects(prev: str, tok: str) -> bool:
    """Does ``tok`` continue ``prev`` ("ziaul haq", "jalal uddin", "فضل الرحمن")?"""
    if any(tok[:p] in _ARTICLES and tok[p:] in _SECOND for p in (2, 3)):
        return True
    return tok in _SECOND and prev not in _NOT_CONNECTED and any(
        prev.endswith(c) and len(prev) - len(c) >= 2 for c in _CONNECT_END)


def name_tokens(text: str) -> list[str]:
    """Normalised tokens of a full name in any script, compounds joined."""
    words, out, i = _words(text), [], 0
    while i < len(words):
        tok, nxt = words[i], words[i + 1] if i + 1 < len(words) else None
        step = 1
        if tok in _PREFIXES and nxt is not None and nxt not in _PREFIXES:
            if nxt in _ARTICLES and i + 2 < len(words):
                tok, step = tok + nxt + words[i + 2], 3
            else:
                tok, step = tok + nxt, 2
            out.append(tok)
        elif out and tok in _ULLAH:
            out[-1] += tok
        elif tok in _ARTICLES and nxt is not None:
            step = 2  # a connector joins both sides; "al" before a family name joins that name
            if out and (tok not in _PARTICLES or nxt in _SECOND):
                out[-1] += tok + nxt
            else:
                out.append(tok + nxt)
        elif out and _connects(out[-1], tok):
            out[-1] += tok
        elif not out and tok in _ULLAH and nxt is not None:
            out.append(tok + nxt)
            step = 2
        else:
            out.append(tok)
        i += step
    return out


def _codes(word: str) -> str:
    """Latin digraphs and Dari/Pashto letters to the one-letter key alphabet."""
    if word[:1] in "وی":
        word = ("w" if word[0] == "و" else "y") + word[1:]
    elif word[:2] in ("ts", "dz"):  # Pashto څ and ځ at the start of a name: Tsarandoy, Dzalmay
        word = word[1:]
    for digraph, code in _DIGRAPHS:
        word = word.replace(digraph, code)
    return word.translate(_CODES)


def _skeleton(codes: str, arabic: bool = False) -> str:
    """Consonants after the first letter; a doubled Latin letter counts once (Rabbani = ربانی), but
    two letters written in Arabic script are two sounds (مجددی = Mujaddidi, ننګرهار = Nangarhar)."""
    s = _ULLAH_RE.sub("v", codes)
    s = s if arabic else _RUNS_RE.sub(r"\1", s)
    s = ("a" if s[0] in "aeiou" else s[0]) + s[1:].translate(_DROP)
    return s[:-1] if len(s) > 1 and s[-1] == "h" else s


_EXACT: dict[str, str] = {}  # normalised Latin spelling, or codes of a Dari spelling -> key
_SKEL: dict[str, str] = {}  # skeleton -> family key
_DARI_SPELLINGS: set[str] = set()  # folded Dari/Pashto spellings of the families


def _build_dictionary() -> None:
    table = _FAMILIES.replace("\n ", " ").replace("\n", ";")
    families = [family.split("|") for family in table.split(";") if family.strip()]
    labels: list[str] = []
    for latin, _ in families:
        canonical = latin.split()[0]
        base = _skeleton(_codes(canonical))
        labels.append(base if base not in labels else canonical)  # vowels: never a skeleton
        _SKEL.setdefault(base, labels[-1])
    for (latin, dari), label in zip(families, labels, strict=True):
        for word in latin.split():
            _EXACT[word.rstrip(".")] = label
            if not word.endswith("."):
                _SKEL.setdefault(_skeleton(_codes(word)), label)
        for word in dari.split():
            folded = "".join(_words(word))
            _DARI_SPELLINGS.add(folded)
            _DISPLAY.setdefault(folded, latin.split()[0].capitalize())
            codes = _codes(folded)
            _EXACT["\0" + codes] = label
            _SKEL.setdefault(_skeleton(codes, arabic=True), label)


def _key(word: str, arabic: bool) -> str:
    """The key of one plain name (``word`` is Latin, or the codes of a Dari/Pashto spelling)."""
    if not word:
        return ""
    hit = _EXACT.get("\0" + word if arabic else word)
    if hit:
        return hit
    skel = _skeleton(word, arabic=True) if arabic else _skeleton(_codes(word))
    return _SKEL.get(skel, skel)


def _plain_key(word: str) -> str:
    arabic = _ARABIC_RE.search(word) is not None
    return _key(_codes(word) if arabic else word, arabic)


@lru_cache(maxsize=1 << 17)
def _analyse(word: str) -> tuple[str, tuple[str, ...]]:
    """(key of the whole token, keys of the names it is made of) for one normalised token."""
    word = word[:64]  # no real name part is longer; bounds time and cache memory
    if not word:
        return "", ()
    arabic = _ARABIC_RE.search(word) is not None
    if word in _ABD:
        return "abd", ("abd",)
    if _EXACT.get("\0" + _codes(word)) if arabic else _EXACT.get(word):
        whole = _plain_key(word)
        return whole, (whole,)
    compound = _SPLITTER.split(word, arabic)
    if compound is None:
        whole = _plain_key(word)
        return whole, (whole,) if whole else ()
    pieces = [_analyse(piece) for piece in compound.pieces]
    if compound.kind == "ullah":
        whole = pieces[0][0] + "v"
        return whole, (whole,)
    if compound.kind in ("abd", "nur"):
        head = "abd" if compound.kind == "abd" else "nr"
        return head + pieces[0][0], (head, *pieces[0][1])
    whole = "".join(p[0] for p in pieces)
    if compound.kind == "whole":
        return whole, (whole,)
    return whole, tuple(k for p in pieces for k in p[1])


def token_key(token: str) -> str:
    """Script-independent matching key of one name token ("" for an empty token)."""
    return _analyse("".join(_words(token)))[0]


def token_parts(token: str) -> tuple[str, ...]:
    """Keys of the names a token is made of: Abdurrahman → abd, rhmn; Mirwais → mr, ws; Karim → krm."""
    return _analyse("".join(_words(token)))[1]


def name_keys(text: str) -> list[str]:
    """Keys of the names in a full name, in order, compounds split into their parts ([] for none).

    "Abdul Rahman Karimi" and "Abdurrahman Karimi" give abd, rhmn, krm; "Mir Wais"
    and "Mirwais" give mr, ws: so a part meets the whole, and one word meets two.
    """
    return [key for tok in name_tokens(text) for key in _analyse(tok)[1]]


def sorted_name_key(text: str) -> str:
    """Keys sorted and joined by a space: swapped given and family names meet."""
    return " ".join(sorted(name_keys(text)))


_PASHTO_ALTERNATE = str.maketrans("ښږڅځ", "خگچج")


def pashto_alternate(text: str) -> str | None:
    """The other common reading of Pashto letters, or None when there are none.

    ښ is written sh or kh/x (Pashtun, Pakhtun, Paxtun), ږ zh or g (Wazhma, Wagma),
    څ ts, s or ch (Tsamkani, Chamkani, Achakzai), ځ dz, z or j (Dzadran, Zadran, Jadran).
    The keys give the first reading; this text gives the second.
    """
    alternate = text.translate(_PASHTO_ALTERNATE)
    return alternate if alternate != text else None


_READ = str.maketrans(dict(zip("ابپتټثجحدډذرړزسصضطظعفقکگلمنڼهیو", "abpttsjhddzrrzssztza" "fqkglmnnhiu",
                               strict=True)) | {"چ": "ch", "خ": "kh", "څ": "ts", "ځ": "dz", "ژ": "zh",
                                                "ږ": "zh", "ش": "sh", "ښ": "sh", "غ": "gh"})
_ARABIC_WORD_RE = re.compile(_ARABIC_RE.pattern + "+")


def _read_part(word: str) -> str:
    if word in _DISPLAY:
        return _DISPLAY[word]
    if len(word) > 2 and word[-1] == "ه":
        word = word[:-1] + "a"
    first = {"و": "w", "ی": "y"}.get(word[0], "") if word else ""
    s = (first + word[len(first):]).translate(_READ)
    return s[:1].upper() + s[1:]


def _read_word(word: str) -> str:
    if word.endswith("الله") and len(word) > 5:
        return _read_part(word[:-4]) + "ullah"
    cut = word.rfind("ال", 0, len(word) - 3)
    if cut >= 2 and word not in _DISPLAY:
        return f"{_read_part(word[:cut])} al-{_read_part(word[cut + 2:])}"
    return _read_part(word)


def transliterate(text: str) -> str:
    """A readable, rough Latin rendering of the Arabic-script words in ``text``."""
    s = _MARKS_RE.sub("", unicodedata.normalize("NFKD", text.translate(_PRE)))
    s = unicodedata.normalize("NFKC", s).translate(_FOLD)
    return " ".join(_ARABIC_WORD_RE.sub(lambda m: _read_word(m.group(0)), s).split())


_build_dictionary()
_SPLITTER = name_parts.Splitter(
    {w for w in _EXACT if not w.startswith("\0")} | set(name_parts.EXTRA_LATIN),
    _DARI_SPELLINGS | set(name_parts.EXTRA_DARI),
    _plain_key,
)
