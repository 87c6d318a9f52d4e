"""How one name token splits into the names it is made of, so that a part finds the whole.

A token (``domain.names.name_tokens``: normalised, compounds already joined,
in the script it was written in) is one of:

- ``abd`` + a name of God: Abdul Rahman, Abdurrahman, Abd al-Rahman, Abdel Kader,
  عبدالرحمن. The connector after "Abd" (ul/el/al/ol, or u + a doubled sun letter,
  "Abdurrahman", "Abdussalam") is dropped; the 99 names (and the other names
  Afghans give after Abdul: Nabi, Rasul, Manan, Sattar…) settle where it ends.
- ``nur`` + a name: Nur Mohammad, Noorulhaq, نورالحق.
- a name + ``ullah``: Hafizullah, حفیظ‌الله (kept whole: "-ullah" is not a name).
- a name + ``ul/ud/ur/al…`` + one of the second names of such compounds
  (Haq, Din, Rahman…): Ziaulhaq, Fazlurrahman, Nasiruddin, ضیاءالحق. A "Din"
  compound is kept whole: Din alone is nobody's name.
- two common given names written as one word: Mirwais, Ahmadshah, Shermohammad,
  احمدشاه, میرویس (both halves must be listed spellings, so Shahid or Mirza stay whole).

``split`` answers with the pieces; ``domain.names`` turns them into keys. An
article is only ever dropped at one of these joints: "al" inside a plain word
(Popalzai, Khalil) is part of the word.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# The names of God that follow "Abd" (Latin spellings | Dari/Arabic spelling without "al-"),
# and the other names Afghans commonly give after "Abdul".
_DIVINE = """
rahman rehman rahmaan|رحمن رحمان; rahim raheem rehim|رحیم; malik malek|ملک مالک; quddus qudus quddoos qudoos|قدوس
salam salaam|سلام; momin mumin|مومن; muhaimin|مهیمن; aziz azeez|عزیز; jabbar jabar|جبار; mutakabbir|متکبر
khaliq khaleq|خالق; bari|باری; musawwir|مصور; ghaffar ghafar gaffar|غفار; qahhar qahar kahar|قهار
wahhab wahab|وهاب; razzaq razaq razzak razak|رزاق; fattah fatah|فتاح; alim aleem|علیم; qabiz qabid|قابض
basit baset|باسط; rafi rafee|رافع; muiz|معز; sami samee samie|سمیع; basir baseer|بصیر; hakam|حکم; adl|عدل
latif lateef|لطیف; khabir khabeer|خبیر; halim haleem|حلیم; azim azeem|عظیم; ghafur ghafoor gafur gafoor|غفور
shakur shakoor|شکور; ali aly|علی; kabir kabeer|کبیر; hafiz hafeez|حفیظ; hasib haseeb|حسیب; jalil jaleel|جلیل
karim kareem|کریم; raqib raqeeb|رقیب; mujib mujeeb|مجیب; wasi wase|واسع; hakim hakeem|حکیم; wadud wadood|ودود
majid majeed|مجید ماجد; bais baith|باعث; shahid shaheed|شهید; haq haqq hak huq|حق; wakil wakeel|وکیل; qawi|قوی
matin mateen|متین; wali|ولی والی; hamid hameed|حمید; muhsi|محصی; muid|معید; hai hay hayy|حی; qayum qayyum qayoom|قیوم
wajid|واجد; wahid waheed|واحد وحید; ahad|احد; samad|صمد; qadir qader kadir kader qadeer|قادر قدیر; muqtadir|مقتدر
awal awwal|اول; akhir|آخر; zahir zaher|ظاهر; batin|باطن; tawab tawwab|تواب; rauf raouf rawoof|رئوف رووف
jami jame|جامع; ghani ghany|غنی; mughni|مغنی; mani|مانع; nafi|نافع; nur noor|نور; hadi|هادی; badi badee|بدیع
baqi baqee|باقی; waris warith|وارث; rashid rasheed|رشید; sabur saboor|صبور; nabi|نبی; rasul rasool|رسول
manan mannan|منان; sattar satar|ستار; qudus|قدوس; jabar|جبار; nasir naseer|ناصر نصیر; salim saleem|سلیم
"""
# Names written after a connector ("Zia ul Haq", "Fazl ur Rahman", "Nasir ud Din").
SECOND_LATIN = frozenset(
    "haq haqq haque hak huq hoq din deen rahman rehman rahim raheem islam amin ameen zaman nisa "
    "nissa hadi huda hoda mulk".split()
)
SECOND_DARI = frozenset("حق دین رحمن رحمان رحیم اسلام امین زمان نسا هادی هدی ملک".split())
_WHOLE_SECONDS = frozenset("din deen دین".split())  # a "Din" compound stays one name
# Given names that combine into one written word besides the listed families: Mir + Wais,
# Sher + Mohammad, Pir + Zada. Latin spellings | Dari spellings.
EXTRA_ELEMENTS = """
wais ways|ویس; zada zadah zadeh|زاده; akbar|اکبر; asghar|اصغر; sher shir|شیر; dost|دوست; wali|ولی
faiz fayz|فیض; taj|تاج; lal|لعل; pir peer|پیر; nazar|نظر; zaman|زمان; jahan|جهان; baz|باز; nabi|نبی
"""
_ABD_LATIN = re.compile(r"^abd(?=[aeiou]?[a-z]{3})")
_CONNECTOR = re.compile(r"[aeiou]?(?:l|[tdrszn]|sh)?")  # after "Abd": ul, el, ur (+r), us (+s), u…
_LATIN_CONNECTORS = ("ush", "ul", "ur", "ud", "us", "uz", "ut", "un", "al", "el")
_NOT_CONNECTED = frozenset(
    "rasul maqbul qabul mansur shakur nur timur taimur mahmud masud daud dawud maqsud yunus "
    "younus qudus firuz manzur mastur sabur ghayur gul".split()
)
_NOT_ABD = frozenset({"abdali", "abdaly"})  # the Abdali (Durrani) tribe: ابدالی, with no ع
_ULLAH_LATIN = re.compile(r"^(.{2,}?)(?:[aou](?:llah?|lah|llh)|[ei]llah)$")  # Bismillah, Besmellah


@dataclass(frozen=True, slots=True)
class Compound:
    """A token's pieces: ``kind`` is abd, nur, ullah, whole (a Din compound) or pair."""

    kind: str
    pieces: tuple[str, ...]


def _table(text: str) -> tuple[dict[str, int], dict[str, int]]:
    latin: dict[str, int] = {}
    dari: dict[str, int] = {}
    for number, entry in enumerate(e for e in text.replace("\n", ";").split(";") if e.strip()):
        left, right = entry.split("|")
        latin.update(dict.fromkeys(left.split(), number))
        dari.update(dict.fromkeys(right.split(), number))
    return latin, dari


DIVINE_LATIN, DIVINE_DARI = _table(_DIVINE)
EXTRA_LATIN, EXTRA_DARI = _table(EXTRA_ELEMENTS)


class Splitter:
    """Splits tokens, given the lexicon of names (``domain.names`` builds it) and a key function."""

    def __init__(self, elements_latin: set[str], elements_dari: set[str], key: Callable[[str], str]) -> None:
        self.elements_latin = {e for e in elements_latin if len(e) >= 3 and e != "sha"}
        self.elements_dari = {e for e in elements_dari if len(e) >= 2}
        self.key = key
        self.divine_keys = {key(w) for w in DIVINE_LATIN}
        # after a connector: the listed second names, and the names of God of four letters or more
        self.seconds_latin = sorted(SECOND_LATIN | {w for w in DIVINE_LATIN if len(w) >= 4}, key=len, reverse=True)

    def split(self, word: str, arabic: bool) -> Compound | None:
        return self._arabic(word) if arabic else self._latin(word)

    # -- Latin ---------------------------------------------------------------------------

    def _latin(self, word: str) -> Compound | None:
        ullah = _ULLAH_LATIN.match(word)
        if ullah:
            return Compound("ullah", (ullah.group(1),))
        if _ABD_LATIN.match(word) and word not in _NOT_ABD:
            rest = self._after_abd(word[3:])
            if rest:
                return Compound("abd", (rest,))
        for nur in ("noor", "nour", "nur"):
            if word.startswith(nur) and len(word) >= len(nur) + 3:
                rest = word[len(nur):]
                stripped = rest[2:] if re.match(r"^[aeiou]l", rest) else rest
                if stripped in _WHOLE_SECONDS:
                    return Compound("whole", (nur, stripped))
                if len(stripped) >= 3 and (stripped[0] not in "aeiou" or stripped != rest
                                           or stripped in self.elements_latin):
                    return Compound("nur", (stripped,))
        return self._latin_connector(word) or self._pair(word, self.elements_latin)

    def _after_abd(self, after: str) -> str:
        """What follows "Abd" and its connector, or "" when nothing name-like does."""
        candidates = [after[i:] for i in range(4) if len(after) - i >= 3 and _CONNECTOR.fullmatch(after[:i])]
        for test in (lambda c: c in DIVINE_LATIN, lambda c: self.key(c) in self.divine_keys):
            for candidate in candidates:
                if test(candidate):
                    return candidate
        if re.match(r"[aeiou]l|[aeiou]([tdrszn])\1", after):
            return after[2:]  # "Abdul R…" being typed already finds Abdul Rahman
        rest = after[1:] if after[:1] in "aeiou" else after
        return rest if len(rest) >= 3 else ""

    def _latin_connector(self, word: str) -> Compound | None:
        for second in self.seconds_latin:
            if not word.endswith(second) or len(word) < len(second) + 4:
                continue
            head = word[: -len(second)]
            for connector in _LATIN_CONNECTORS:
                first = head[: -len(connector)]
                if head.endswith(connector) and len(first) >= 2 and head not in _NOT_CONNECTED:
                    return Compound("whole" if second in _WHOLE_SECONDS else "pair", (first, second))
            # "Ziaurashid": the connector's consonant written once before a sun letter
            if head.endswith("u") and second[0] in "tdrszn" and len(head) >= 3 and second in DIVINE_LATIN:
                return Compound("pair", (head[:-1], second))
        return None

    @staticmethod
    def _pair(word: str, elements: set[str]) -> Compound | None:
        for cut in range(2, len(word) - 1):
            if word[:cut] in elements and word[cut:] in elements:
                return Compound("pair", (word[:cut], word[cut:]))
        return None

    # -- Dari / Pashto ---------------------------------------------------------------------

    def _arabic(self, word: str) -> Compound | None:
        if word.endswith("الله") and len(word) >= 6:
            return Compound("ullah", (word[:-4],))
        if word.startswith("عبد") and len(word) >= 5:
            rest = word[5:] if word.startswith("عبدال") and len(word) >= 7 else word[3:]
            return Compound("abd", (rest,))
        if word.startswith("نور") and len(word) >= 5:
            rest = word[5:] if word.startswith("نورال") and len(word) >= 7 else word[3:]
            if rest in _WHOLE_SECONDS:
                return Compound("whole", ("نور", rest))
            if len(rest) >= 2:
                return Compound("nur", (rest,))
        at = word.find("ال", 2)
        while at >= 2:
            second = word[at + 2:]
            if second in SECOND_DARI or second in DIVINE_DARI:
                return Compound("whole" if second in _WHOLE_SECONDS else "pair", (word[:at], second))
            at = word.find("ال", at + 1)
        return self._pair(word, self.elements_dari)
