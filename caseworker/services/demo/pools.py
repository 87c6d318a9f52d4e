"""Name pools: each entry is the Dari/Pashto spelling and its Latin spellings
(the first is the one most often written in passports)."""

from __future__ import annotations

MALE = (
    ("محمد", ("Mohammad", "Muhammad", "Mohammed", "Mohd")),
    ("احمد", ("Ahmad", "Ahmed")),
    ("عبدالرحمن", ("Abdul Rahman", "Abdulrahman", "Abdurrahman")),
    ("عبدالله", ("Abdullah", "Abdollah", "Abdul Lah")),
    ("حمید", ("Hamid", "Hameed")),
    ("محمود", ("Mahmood", "Mahmud", "Mehmood")),
    ("حسین", ("Hussain", "Hussein", "Husain", "Hossein")),
    ("یوسف", ("Yousuf", "Yusuf", "Yousef")),
    ("کریم", ("Karim", "Kareem")),
    ("رحیم", ("Rahim", "Raheem")),
    ("نجیب", ("Najib", "Najeeb")),
    ("فرید", ("Farid", "Fareed")),
    ("جاوید", ("Jawid", "Javed", "Javid")),
    ("سید", ("Sayed", "Syed", "Said")),
    ("حفیظ الله", ("Hafizullah", "Hafiz Ullah")),
    ("نور احمد", ("Noor Ahmad", "Nur Ahmad")),
    ("ګل احمد", ("Gul Ahmad", "Gol Ahmad")),
    ("ذبیح الله", ("Zabihullah", "Zabiullah")),
    ("شفیق", ("Shafiq", "Shafeeq")),
    ("مصطفی", ("Mustafa", "Mostafa")),
    ("ولی", ("Wali", "Vali")),
    ("امین", ("Amin", "Ameen")),
    ("ضیاءالحق", ("Ziaulhaq", "Zia ul Haq")),
    ("عزیز", ("Aziz", "Azeez")),
    ("ښاغلی", ("Khkaly", "Shaghlay")),
    ("ځلمی", ("Zalmai", "Dzalmay")),
    ("بسم الله", ("Bismillah", "Besmellah")),
    ("قاسم", ("Qasim", "Kasim", "Qasem")),
)

FEMALE = (
    ("فاطمه", ("Fatima", "Fatema", "Fatimah")),
    ("زینب", ("Zainab", "Zeinab")),
    ("مریم", ("Maryam", "Mariam")),
    ("ملالۍ", ("Malalai", "Malalay")),
    ("ګلالۍ", ("Gulalai", "Gulalay")),
    ("زرمینه", ("Zarmina", "Zarmeena")),
    ("نازنین", ("Nazanin", "Nazaneen")),
    ("شکریه", ("Shukria", "Shokria")),
    ("فریبا", ("Fariba", "Fareeba")),
    ("لیلا", ("Laila", "Leila", "Layla")),
    ("سهیلا", ("Sohaila", "Suhaila")),
    ("پروین", ("Parwin", "Parveen")),
    ("ښاپېرۍ", ("Shaperai", "Khapiray")),
    ("ځرغونه", ("Zarghona", "Zarghuna")),
    ("حمیده", ("Hamida", "Hameeda")),
    ("رخسار", ("Rukhsar", "Rokhsar")),
    ("مینه", ("Mina", "Meena")),
    ("ثریا", ("Suraya", "Soraya")),
)

FAMILY = (
    ("احمدزی", ("Ahmadzai", "Ahmadzay")),
    ("پوپل", ("Popal", "Popalzai")),
    ("کریمی", ("Karimi", "Kareemi")),
    ("رحیمی", ("Rahimi", "Raheemi")),
    ("صدیقی", ("Siddiqi", "Sediqi", "Seddiqi")),
    ("نوری", ("Noori", "Nuri")),
    ("حیدری", ("Haidari", "Hydari", "Heidari")),
    ("یوسفزی", ("Yousafzai", "Yusufzai")),
    ("وردک", ("Wardak", "Vardak")),
    ("ستانکزی", ("Stanikzai", "Stanekzai")),
    ("هاشمی", ("Hashimi", "Hashemi")),
    ("امیری", ("Amiri", "Ameeri")),
    ("سلطانی", ("Sultani", "Soltani")),
    ("ظاهری", ("Zahiri", "Zaheri")),
    ("مومند", ("Momand", "Mohmand")),
    ("شینواری", ("Shinwari", "Shinwary")),
    ("کاکړ", ("Kakar", "Kakkar")),
    ("اڅکزی", ("Achakzai", "Achekzai")),
    ("ډاګیوال", ("Dagiwal", "Dagywal")),
    ("سادات", ("Sadat", "Saadat")),
    ("قادری", ("Qadiri", "Kadiri")),
    ("عثمانی", ("Usmani", "Osmani")),
)

PROVINCES = ("Kabul", "Kandahar", "Herat", "Balkh", "Nangarhar", "Helmand", "Kunduz", "Ghazni", "Paktia", "Bamyan")
EMPLOYERS = (
    ("British Embassy Kabul", "Interpreter"),
    ("British Embassy Kabul", "Security guard"),
    ("MoD, Task Force Helmand", "Interpreter"),
    ("MoD, Task Force Helmand", "Cultural adviser"),
    ("British Council", "Teacher"),
    ("DFID programme", "Driver"),
    ("GardaWorld (UK contract)", "Guard"),
    ("Chevening alumni", "Journalist"),
)
REFERRERS = ("Maj. J. Smith (MoD)", "Office of A. Jones MP", "FCDO Crisis Centre", "HALO Trust", "UNHCR Islamabad", "Self-referral form")
VULNERABILITIES = ("medical", "female-headed household", "unaccompanied minor", "disability", "threat received")
