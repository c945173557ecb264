# Casebook — lietuvių kalba

## Navigacija
nav-cases = Bylos
nav-settings = Nustatymai
nav-lock = Užrakinti

## Bendra
button-choose-file = Pasirinkti failą…
button-cancel = Atšaukti
filter-any = visos
filter-form = Išnaudojimo forma
filter-status-any = { column-status }: visos
filter-trafficking-status-any = { column-trafficking-status }: visi
filter-form-any = { filter-form }: visos
filter-status-set = { column-status }: { LOWER_FIRST($value) }
filter-trafficking-status-set = { column-trafficking-status }: { LOWER_FIRST($value) }
filter-form-set = { filter-form }: { LOWER_FIRST($value) }
not-recorded = Nenurodyta

## Pirmas paleidimas
first-run-title = Sukurkite saugyklą
first-run-intro = „Casebook“ visas bylas saugo šiame kompiuteryje užšifruotas. Nurodykite, kam priklauso saugykla, ir pasirinkite slaptafrazę, kurią žinote tik jūs. Be jos saugyklos negali atidaryti niekas, net administratorius.
first-run-role = Saugykla priklauso
role-mission = Atstovybei (ambasadai ar konsulatui)
role-commission = Nacionalinei komisijai
first-run-mission-code = Atstovybės kodas (pavyzdžiui, LT-LON)
first-run-mission-name = Atstovybės pavadinimas
first-run-officer = Jūsų vardas ir pavardė
first-run-passphrase = Slaptafrazė (lengviausia įsiminti kelis nesusijusius žodžius)
first-run-repeat = Pakartokite slaptafrazę
first-run-commission-key = Komisijos viešasis raktas
first-run-commission-key-hint = Įklijuokite raktą (age1…) arba jo failo kelią
first-run-commission-key-later = Jį galite pridėti ir vėliau; jo reikia eksportui.
first-run-create = Sukurti saugyklą
first-run-busy = Kuriama saugykla ir šifravimas derinamas prie šio kompiuterio…
first-run-need-mission = Įveskite atstovybės kodą ir pavadinimą.
first-run-bad-mission-code = Atstovybės kodą turi sudaryti dvi didžiosios raidės, brūkšnelis ir 2–8 didžiosios raidės arba skaitmenys, pvz., LT-LON.
first-run-need-officer = Įveskite savo vardą ir pavardę.
first-run-weak = Slaptafrazę per lengva atspėti: naudokite bent 12 simbolių, geriausia kelis nesusijusius žodžius.
first-run-mismatch = Abi slaptafrazės nesutampa.
strength-0 = Stiprumas: labai silpna
strength-1 = Stiprumas: silpna
strength-2 = Stiprumas: vidutinė
strength-3 = Stiprumas: stipri
strength-4 = Stiprumas: labai stipri

## Atrakinimas
unlock-title = Saugykla užrakinta
unlock-owner = Saugyklos savininkas: { $officer }, { $mission }
unlock-mission = Saugykla: { $mission }
unlock-officer = Kas prisijungia
unlock-officer-choose = Pasirinkite savo vardą
unlock-passphrase = Slaptafrazė
unlock-show-passphrase = Rodyti slaptafrazę
unlock-hide-passphrase = Slėpti slaptafrazę
unlock-show-passphrase-key = Rodyti, kas įvesta (Ctrl+H)
unlock-hide-passphrase-key = Slėpti, kas įvesta (Ctrl+H)
unlock-button = Atrakinti
unlock-restore = Atkurti iš atsarginės kopijos…
unlock-restore-confirm = Pakeisti sugadintą saugyklą atsargine kopija { $file }? Joje nėra pakeitimų, padarytų po jos sukūrimo. Sugadinti failai neištrinami: jie paliekami aplanke šalia atkurtos saugyklos.
unlock-restore-button = Atkurti
unlock-restored = Atkurta. Atrakinkite slaptafraze, kuri buvo naudojama kuriant atsarginę kopiją. Pakeistos saugyklos failai paliekami aplanke { $folder }.
unlock-busy = Atrakinama…
unlock-busy-long = Vis dar atrakinama. Pirmą kartą po atnaujinimo didelės saugyklos atrakinimas gali užtrukti kelias minutes, kol atnaujinamas jos duomenų saugojimo būdas.
unlock-hint = Paspauskite „Enter“, kad atrakintumėte.
unlock-wait = Per daug neteisingų bandymų. Bandykite dar kartą po { $seconds } s.

## Klaidos
error-wrong-passphrase = Neteisinga slaptafrazė. Patikrinkite „Caps Lock“ ir klaviatūros kalbą, tada bandykite dar kartą.
error-open-elsewhere = Saugykla atidaryta kitame „Casebook“ lange. Pirmiausia uždarykite ją ten.
error-newer-vault = Ši saugykla sukurta naujesne „Casebook“ versija. Norėdami ją atidaryti, įdiekite naujesnę versiją.
error-damaged = Saugykla sugadinta. Niekas nepakeista; atkurkite ją iš atsarginės kopijos.
error-disk-full = Diskas pilnas. Niekas neišsaugota; atlaisvinkite vietos ir bandykite dar kartą.
error-no-vault = Čia nėra saugyklos.
error-weak-passphrase = Naująją slaptafrazę per lengva atspėti.
error-reopen-after-passphrase-change = Slaptafrazė pakeista, bet saugyklos nepavyko vėl atidaryti su ja, todėl ji užrakinta. Atrakinkite ją naująja slaptafraze.
error-kdf-memory = Šios saugyklos antraštė prašo daugiau atminties, nei turi šis kompiuteris (atrakinti reikia { $asked } MiB, čia galima { $limit } MiB). Jei saugykla sukurta šiame kompiuteryje, jos antraštė buvo pakeista: atkurkite saugyklą iš atsarginės kopijos.
error-kdf-memory-short = Šiuo metu kompiuteryje per mažai laisvos atminties saugyklai atrakinti (reikia { $asked } MiB, laisva { $available } MiB). Uždarykite kitas programas ir bandykite dar kartą.
error-header-changed = Saugyklos raktų failą (vault.json) pakeitė kažkas kitas, kol saugykla buvo atidaryta. Niekas nepakeista. Užrakinkite saugyklą; jei ji nebeatsidaro, atkurkite ją iš atsarginės kopijos.
error-other = Įvyko klaida: { $detail }

## Bylų sąrašas
cases-all = Visos bylos
cases-due = Laukiantys veiksmai
cases-due-count = { cases-due } ({ $count })
cases-due-count-more = { cases-due } ({ $count }+)
cases-clear-filters = Išvalyti filtrus
cases-filters-not-on-search = Filtrai taikomi visam sąrašui, ne paieškai.
cases-filters-not-on-due = Filtrai taikomi visam sąrašui, ne laukiantiems veiksmams.
cases-overdue = pradelsta
cases-name-withheld = neatskleista
cases-stub = Sutrumpinta
erase-due-open = Trintinos bylos…
erase-due-title = Bylos, kurių saugojimo terminas baigėsi
erase-due-reading = Skaitomos bylos…
erase-due-none = Nėra bylų, kurių saugojimo terminas būtų pasibaigęs.
erase-due-line = { $reference } (ištrinti po { $date })
erase-due-confirm = Bylų, kurių saugojimo terminas baigėsi: { $count }. Ištrynus jų turinys dingsta visam laikui; kiekvienai paliekamas žymuo be asmens duomenų, kad ištrynimas pasiektų komisiją.
erase-due-erase = Ištrinti bylas ({ $count })
erase-due-erased = Ištrinta bylų: { $count }.
erase-due-close = Uždaryti
cases-order-newest = Naujausios viršuje
cases-order-oldest = Seniausios viršuje
cases-order-a-z = Nuo A iki Z
cases-order-z-a = Nuo Z iki A
cases-order-active-first = Aktyvios viršuje, užbaigtos apačioje
cases-order-closed-first = Užbaigtos viršuje, aktyvios apačioje
cases-order-earliest = Ankstyviausia data viršuje
cases-discreet = Diskretiškas režimas (tik inicialai)
cases-new = Nauja byla
cases-search = Ieškoti vardų, numerių, vietų, pastabų…
cases-count = { $first }–{ $last } iš { $total } { PLURAL($total) ->
    [one] bylos
    [few] bylų
    [many] bylos
   *[other] bylų
}
cases-count-more = { $first }–{ $last } iš daugiau nei { $total } { PLURAL($total) ->
    [one] bylos
    [few] bylų
    [many] bylos
   *[other] bylų
}
cases-found = Rasta: { $count }
cases-found-more = Rasta daugiau nei { $count }; patikslinkite paiešką
cases-previous = Ankstesni
cases-next = Kiti
cases-empty = Bylų dar nėra. Paspauskite Ctrl+N, kad užregistruotumėte pirmąjį kontaktą.
cases-none-match = Nerasta nė vienos bylos.
column-reference = Numeris
column-name = Vardas
column-first-contact = Pirmas kontaktas
column-status = Būsena
column-trafficking-status = Prekybos žmonėmis statusas
column-next-due = Kitas veiksmas iki
column-updated = Atnaujinta
column-owner = Atsakingas
cases-mine = Mano bylos
cases-mine-hint = Tik bylos, už kurias atsakote jūs (Ctrl+M)
cases-handed-over = { PLURAL($count) ->
    [one] Jums perduota { $count } byla.
    [few] Jums perduotos { $count } bylos.
   *[other] Jums perduota { $count } bylų.
}
cases-handed-over-hint = Jos rodomos pirmiausia, kol jų neatidarysite.
cases-handed-over-seen = Pažymėti, kad mačiau
cases-reduced-at-unlock = { PLURAL($count) ->
    [one] { $count } uždaryta byla dabar saugoma tik komisijoje: atrakinant ji sutrumpinta (paliktas numeris, datos ir būsenos), kaip nurodyta nustatymuose.
    [few] { $count } uždarytos bylos dabar saugomos tik komisijoje: atrakinant jos sutrumpintos (palikti numeriai, datos ir būsenos), kaip nurodyta nustatymuose.
   *[other] { $count } uždarytų bylų dabar saugoma tik komisijoje: atrakinant jos sutrumpintos (palikti numeriai, datos ir būsenos), kaip nurodyta nustatymuose.
}
cases-reduced-at-unlock-dismiss = Uždaryti
cases-unbacked-key = Eksportuoti negalima: atstovybės parašo raktas buvo pakeistas, o naujojo rakto dar neturi jokia atsarginė kopija. Sukurkite atsarginę kopiją dabar: Nustatymai → Atsarginė kopija, Sukurti kopiją dabar. Kai ji bus sukurta, eksportuoti vėl bus galima.
cases-unbacked-key-open = Atidaryti nustatymus
cases-handover-selected-none = Perduoti pažymėtas bylas…
cases-handover-selected = Perduoti pažymėtas bylas ({ $count })…
cases-handover-mine = Perduoti visas savo atviras bylas…
cases-handover-title = Bylų perdavimas
cases-handover-what-selected = Sąraše pažymėtos bylos: { $count }
cases-handover-what-mine = Jūsų atviros bylos: { $count }
cases-handover-to = Kam perduoti
cases-handover-no-other = Šioje saugykloje nėra kito pareigūno, kuriam būtų galima perduoti bylas.
cases-handover-nothing = Nėra atvirų bylų, kurias būtų galima perduoti.
cases-handover-note = Perdavimo pastaba (saugoma su kiekviena byla saugykloje)
cases-handover-note-placeholder = Ką turėtų žinoti kitas pareigūnas
cases-handover-next = Tęsti
cases-handover-cancel = Atšaukti
cases-handover-back = Atgal
cases-handover-do = Perduoti
cases-handover-working = Perduodama…
cases-handover-note-full = Pastaboje telpa ne daugiau kaip { $count } simbolių: kas įvesta toliau, nepriimta.
cases-handover-theirs = Šios bylos jau priskirtos pareigūnui { $officer }: nėra ką perduoti.
cases-handover-confirm = { PLURAL($count) ->
    [one] Perduoti { $count } bylą pareigūnui: { $officer }?
    [few] Perduoti { $count } bylas pareigūnui: { $officer }?
   *[other] Perduoti { $count } bylų pareigūnui: { $officer }?
}
cases-handover-confirm-hint = Pastaba lieka kiekvienos bylos istorijoje. Pareigūnas ({ $officer }) jas pamatys sąrašo viršuje kitą kartą prisijungęs.
cases-handover-done = { PLURAL($count) ->
    [one] Pareigūnui ({ $officer }) perduota { $count } byla.
    [few] Pareigūnui ({ $officer }) perduotos { $count } bylos.
   *[other] Pareigūnui ({ $officer }) perduota { $count } bylų.
}

## Redaktorius
editor-new-case = Nauja byla
editor-revision = { $revision } versija
editor-owner = Atsakingas pareigūnas: { $officer }
editor-handovers = Perdavimai
editor-handover = { $date }: { $from } → { $to }, perdavė { $by }
editor-back = Atgal
editor-save = Išsaugoti
editor-saving = Saugoma…
editor-erase = Ištrinti bylą
editor-read-only = Ši byla gauta iš atstovybės { $mission }. Ji rodoma tokia, kokią atstovybė paskutinį kartą eksportavo, ir keičiasi tik per kitą jos eksportą.
editor-stub-title = Saugoma komisijoje
editor-stub-final = Sutrumpintos bylos atstovybėje negalima vėl atidaryti ar taisyti: jei asmuo kreipiasi vėl, pradėkite naują bylą. Ištrynus sutrumpinta byla pašalinama čia, o ištrynimas perduodamas komisijai.
editor-stub-why = Ši uždaryta byla sutrumpinta: komisija patvirtino, kad saugo visą įrašą, todėl čia paliekamas tik jos numeris, datos ir būsenos. Jos keisti negalima. Jei įrašo prireiks, kreipkitės į komisiją.
editor-set-aside = { $date } komisijos atsakyme nurodyta, kad ji atidėjo vieną šios bylos versiją: ji turi kitą versiją tuo pačiu numeriu. Prieš remdamiesi šia versija, paklauskite komisijos, kurią versiją ji turi.
editor-redacted = Atstovybė šią bylą perdavė be asmens sutikimo dalytis tapatybę atskleidžiančiais duomenimis: vardai, kontaktiniai duomenys ir laisvas tekstas pašalinti, datos rodomos mėnesio tikslumu, o gimimo data – kaip amžius pirmojo kontakto metu ({ $age }).
editor-case-too-large = Ši byla per didelė, kad ją būtų galima išsaugoti ir nusiųsti komisijai ({ $size } MB; daugiausia { $max } MB). Sutrumpinkite skyrių „{ $part }“, kuriame duomenų daugiausia, pavyzdžiui, pašalinkite senus tolesnius veiksmus arba sutrumpinkite ilgus tekstus.
editor-erase-confirm = Ištrinti šią bylą visam laikui? Jos turinio atkurti nebus galima. Paliekamas tik įrašas be jokių asmens duomenų, kad ištrynimas pasiektų ir komisiją.
editor-erase-yes = Ištrinti visam laikui
editor-unsaved = Šioje byloje yra neišsaugotų pakeitimų.
editor-discard = Atmesti pakeitimus
editor-keep-editing = Tęsti redagavimą
editor-problems = { PLURAL($count) ->
    [one] Prieš išsaugant reikia patikslinti { $count } laukelį.
    [few] Prieš išsaugant reikia patikslinti { $count } laukelius.
   *[other] Prieš išsaugant reikia patikslinti { $count } laukelių.
}
editor-remove = Pašalinti
editor-add = Pridėti
editor-add-follow-up = Pridėti tolesnį veiksmą
editor-no-follow-ups = Tolesnių veiksmų dar nėra.
section-person = Asmuo
section-contact = Kontaktas ir sutikimas
section-consent = Sutikimas
section-assessment = Vertinimas ir požymiai
section-follow-ups = Tolesni veiksmai
section-notes = Pastabos ir saugojimas
indicators-ilo = TDO priverstinio darbo požymiai
indicators-specific = Konkrečios išnaudojimo formos požymiai
field-given-name = Vardas
field-family-name = Pavardė
field-pseudonym = Vardas yra slapyvardis
field-birth-date = Gimimo data
field-gender = Lytis
field-citizenship = Pilietybė
field-language = Bendravimo kalba
field-phone = Telefonas
field-email = El. paštas
field-contact-date = Pirmo kontakto data
field-channel = Kaip užmegztas kontaktas
field-contact-place = Vieta
field-status = Bylos būsena
field-share-with-commission = Sutinka, kad tapatybę atskleidžiantys duomenys būtų perduoti komisijai
field-anonymous-statistics = Sutinka, kad duomenys būtų naudojami anoniminei statistikai
field-trafficking-status = Prekybos žmonėmis statusas
field-forms = Išnaudojimo formos
field-country-of-exploitation = Išnaudojimo šalis
field-date = Data
field-follow-up-kind = Kontakto būdas
field-summary = Santrauka
field-next-action = Kitas veiksmas
field-next-action-due = Kitas veiksmas iki
field-notes = Pastabos
field-erase-after = Ištrinti po
hint-date = MMMM-MM-DD
hint-countries = Šalių kodai, pvz., LT, UA
hint-country = Šalies kodas, pvz., GB
hint-country-search = Įveskite šalies pavadinimą arba kodą
hint-country-add = Pridėti pilietybę: įveskite pavadinimą arba kodą
hint-language-search = Įveskite kalbos pavadinimą arba kodą
hint-language = Kalbos kodas, pvz., lit
hint-phone = Tarptautiniu formatu, pvz., +447700900123

## Tikrinimas
problem-date-format = Datą rašykite formatu MMMM-MM-DD, pavyzdžiui, 2026-11-20.
problem-required = Šis laukelis privalomas.
problem-not-added = Dar nepridėta prie bylos: prieš išsaugodami paspauskite „Pridėti“ arba išvalykite.
problem-not-chosen = Dar nepasirinkta: pasirinkite vieną iš atitikmenų arba išvalykite lauką.
problem-date-in-future = Ši data yra ateityje.
problem-date-implausible = Ši data per toli praeityje arba ateityje.
problem-birth-year = Gimimo metai nesutampa su gimimo data.
problem-date-after-contact = Gimimo data turi būti ankstesnė už pirmo kontakto datą.
problem-date-before-birth = Ši data ankstesnė už asmens gimimo datą.
problem-date-not-after = Ši data turi būti vėlesnė už ankstesnę.
problem-unknown-country = Tai ne šalies kodas; naudokite dvi didžiąsias raides, pvz., LT.
problem-unknown-language = Tai ne kalbos kodas; naudokite, pvz., lit arba lt.
problem-duplicate = Nurodyta du kartus.
problem-phone = Rašykite + ir šalies kodą, tik skaitmenis, pvz., +447700900123.
problem-email = Tai ne el. pašto adresas (vardas@pavyzdys.lt).
problem-age = Toks amžius neįmanomas.
problem-too-long = Per ilga.
problem-decided-by = Nustatytai aukai nurodykite, kas ją nustatė: policija, NVO, teismas ar prokuratūra, kita valstybės institucija ar kita.
problem-set-by-redaction = Nustatoma tik tada, kai byla nuasmeninama eksportui; palikite tuščią.
problem-set-by-stubs = Nustatoma tik tada, kai atstovybė uždarytą bylą sutrumpina; sutrumpintos bylos negalima pridėti, taisyti ar importuoti.
problem-case-too-large = Visa byla per didelė, kad ją būtų galima nusiųsti komisijai.

## Nustatymai
settings-title = Nustatymai
settings-display = Rodymas
settings-language = Kalba
settings-dark = Tamsi tema
settings-security = Saugumas
settings-auto-lock = Užrakinti po { $minutes } min. neveiklumo
settings-change-passphrase = Keisti slaptafrazę
settings-current-passphrase = Dabartinė slaptafrazė
settings-new-passphrase = Nauja slaptafrazė
settings-passphrase-changed = Slaptafrazė pakeista.
settings-passphrase-changing = Keičiama slaptafrazė: visa saugykla iš naujo šifruojama nauju raktu. Didelei saugyklai tai užtrunka kelias minutes.
settings-lock-waits-for-passphrase = Saugykla bus užrakinta, kai baigsis slaptafrazės keitimas; kol jis vyksta, jos užrakinti negalima.
settings-stubs = Mažiau duomenų atstovybėje
settings-stubs-hint = Uždarytas bylas, kurias komisija patvirtino gavusi, čia galima laikyti sutrumpintas: tik numeris, datos ir būsenos. Asmens duomenys, aprašymas ir pastabos ištrinami iš šios saugyklos (senesnėse atsarginėse kopijose jie lieka, kol šios pasikeičia). Iš pradžių išjungta.
settings-stubs-months = Sutrumpinti po (mėnesių)
settings-stubs-turn-on = Trumpinti
settings-stubs-turn-off = Laikyti bylas visas
settings-stubs-on = Įjungta: uždarytos bylos, senesnės nei { $months } mėn., sutrumpinamos, kai komisija patvirtina jas gavusi. Sutrumpintų bylų: { $stubs }.
settings-stubs-confirm = Įjungus dabar bus sutrumpinta uždarytų bylų, senesnių nei { $months } mėn.: { $count }, o vėliau – kiekvieną kartą atrakinant ir gavus atsakymą. Jų asmens duomenys, aprašymas ir pastabos visam laikui ištrinami iš šios saugyklos; komisija saugo visą įrašą.
settings-stubs-confirm-button = Sutrumpinti ir įjungti
settings-stubs-reduced = Bylos trumpinamos: dabar sutrumpinta { $count }.
settings-stubs-turned-off = Išjungta: bylos laikomos visos.
settings-stubs-months-invalid = Mėnesius nurodykite skaičiumi nuo 1 iki 600.
settings-backup = Atsarginė kopija
settings-backup-hint = Užšifruota saugyklos kopija; ji atidaroma dabartine slaptafraze.
settings-backup-path = Atsarginės kopijos failas
settings-backup-now = Sukurti kopiją dabar
settings-backup-done = Atsarginė kopija įrašyta: { $path }.
settings-auto-backup = Automatinės atsarginės kopijos
settings-auto-backup-hint = Kai saugykla po pakeitimų užrakinama ar uždaroma, į šį aplanką (pavyzdžiui, seife laikomą USB atmintuką) įrašoma atsarginė kopija; seniausios, viršijančios laikomų skaičių, ištrinamos.
settings-auto-backup-folder = Aplankas automatinėms kopijoms
settings-auto-backup-keep = Laikyti
settings-auto-backup-save = Išsaugoti
settings-auto-backup-off = Išjungti
settings-auto-backup-saved = Automatinės kopijos įjungtos: { $folder }, laikomos { $keep } naujausios.
settings-auto-backup-stopped = Automatinės kopijos išjungtos.
button-choose-folder = Pasirinkti aplanką…
unlock-auto-backup-running = Rašoma automatinė atsarginė kopija…
unlock-auto-backup-done = Automatinė atsarginė kopija įrašyta: { $path }.
unlock-auto-backup-failed = Automatinės atsarginės kopijos įrašyti nepavyko: { $error }
unlock-auto-backup-failed-closing = Automatinės atsarginės kopijos įrašyti nepavyko: { $error } Langas liko atidarytas, kad tai pamatytumėte; uždarykite jį dar kartą, jei norite išeiti be atsarginės kopijos.
settings-restore = Atkūrimas iš atsarginės kopijos
settings-restore-hint = Pakeičia šią saugyklą atsargine kopija. Dabar naudojama saugykla neištrinama: jos failai paliekami aplanke šalia atkurtosios.
settings-restore-choose = Pasirinkti atsarginę kopiją…
settings-restore-confirm = Pakeisti šią saugyklą atsargine kopija { $file }, padaryta { $made }?
settings-restore-newer = Ši saugykla pakeista { $changed }, jau po atsarginės kopijos sukūrimo: šių pakeitimų atkurtoje saugykloje nebus.
settings-restore-unknown-time = laiku, kurio kopija nenurodo
settings-restore-button = Užrakinti ir atkurti

## Žodynai
vocab-CaseStatus-Active = Aktyvi
vocab-CaseStatus-FollowUp = Stebima
vocab-CaseStatus-Closed = Užbaigta
vocab-CaseStatus-ClosedReferred = Užbaigta, perduota
vocab-TraffickingStatus-PossibleVictimOfTrafficking = Galima auka
vocab-TraffickingStatus-ActualVictimOfTrafficking = Nustatyta auka
vocab-TraffickingStatus-NotAVictimOfTrafficking = Ne auka
vocab-Gender-Feminine = Moteris
vocab-Gender-Masculine = Vyras
vocab-Gender-TransgenderFeminine = Translytė moteris
vocab-Gender-TransgenderMasculine = Translytis vyras
vocab-Gender-NonConforming = Nebinarinė lytis
vocab-Gender-NonSpecifiedUnknown = Nenurodyta / nežinoma
vocab-ContactChannel-WalkIn = Atvyko į atstovybę
vocab-ContactChannel-Phone = Skambutis telefonu
vocab-ContactChannel-EmailOrMessage = El. laiškas ar žinutė
vocab-ContactChannel-ReferralByPolice = Nukreipė policija
vocab-ContactChannel-ReferralByNgo = Nukreipė NVO
vocab-ContactChannel-ReferralByEmployer = Nukreipė darbdavys
vocab-ContactChannel-ReferralByFamily = Nukreipė šeima
vocab-ContactChannel-ReferralOther = Nukreipė kiti
vocab-ContactChannel-ConsularVisitInDetention = Konsulinis vizitas sulaikymo vietoje
vocab-ContactChannel-Outreach = Gatvės darbas
vocab-FollowUpKind-Phone = Telefonu
vocab-FollowUpKind-InPerson = Asmeniškai
vocab-FollowUpKind-EmailOrMessage = El. laišku ar žinute
vocab-FollowUpKind-VisitToShelter = Apsilankymas prieglaudoje
vocab-FollowUpKind-ContactWithPartnerOrganisation = Kontaktas su partnerių organizacija
vocab-FollowUpKind-Other = Kita
vocab-ExploitationType-ForcedLabour = Priverstinis darbas
vocab-ExploitationType-SexualExploitation = Seksualinis išnaudojimas
vocab-ExploitationType-ChildLabour = Vaikų darbas
vocab-ExploitationType-ForcedMarriage = Priverstinė santuoka
vocab-ExploitationType-Servitude = Nelaisvė
vocab-ExploitationType-ForcedMilitaryByNonStateActors = Priverstinė karinė tarnyba (nevalstybinės grupuotės)
vocab-ExploitationType-OrganRemoval = Organų paėmimas
vocab-ExploitationType-ForcedBegging = Priverstinis elgetavimas
vocab-ExploitationType-ForcedAdoption = Priverstinis įvaikinimas
vocab-ExploitationType-Surrogacy = Surogatinė motinystė
vocab-ExploitationType-Other = Kita
vocab-Indicator-AbuseOfVulnerability = Pažeidžiamumo išnaudojimas
vocab-Indicator-Deception = Apgaulė
vocab-Indicator-RestrictionOfMovement = Judėjimo laisvės ribojimas
vocab-Indicator-Isolation = Izoliacija
vocab-Indicator-PhysicalAndSexualViolence = Fizinis ir seksualinis smurtas
vocab-Indicator-IntimidationAndThreats = Bauginimas ir grasinimai
vocab-Indicator-RetentionOfIdentityDocuments = Asmens dokumentų sulaikymas
vocab-Indicator-WithholdingOfWages = Darbo užmokesčio nemokėjimas
vocab-Indicator-DebtBondage = Skolinė vergovė
vocab-Indicator-AbusiveWorkingAndLivingConditions = Žeminančios darbo ir gyvenimo sąlygos
vocab-Indicator-ExcessiveOvertime = Per ilgos darbo valandos
vocab-Indicator-SexualMovedBetweenPlaces = Seksualinis išnaudojimas: perkeliama iš vienos vietos į kitą
vocab-Indicator-SexualEarningsTakenByOthers = Seksualinis išnaudojimas: uždarbį pasiima kiti
vocab-Indicator-SexualAdvertisedOnline = Seksualinis išnaudojimas: reklamuojama internete
vocab-Indicator-SexualCannotRefuseClients = Seksualinis išnaudojimas: negali atsisakyti klientų
vocab-Indicator-SexualLivesAtPlaceOfWork = Seksualinis išnaudojimas: gyvena ten, kur dirba
vocab-Indicator-LabourNoContractOrFalseContract = Darbas: nėra sutarties arba ji suklastota
vocab-Indicator-LabourRecruitmentFeesOwed = Darbas: skolingas už įdarbinimą
vocab-Indicator-LabourLivesAtWorkplaceOrProvidedHousing = Darbas: gyvena darbo vietoje ar darbdavio suteiktame būste
vocab-Indicator-LabourNoProtectiveEquipment = Darbas: nėra apsaugos priemonių
vocab-Indicator-LabourTransportedToWorkByEmployer = Darbas: į darbą veža darbdavys
vocab-Indicator-BeggingHandsOverTakings = Elgetavimas: surinktus pinigus atiduoda kitiems
vocab-Indicator-BeggingSupervisedInGroups = Elgetavimas: prižiūrima, grupėmis
vocab-Indicator-CriminalityForcedToCommitOffences = Nusikalstamumas: verčiama daryti nusikaltimus
vocab-Indicator-CriminalityPunishedForLowTakings = Nusikalstamumas: baudžiama už mažą grobį
vocab-InformedOf-Purpose = Pokalbio tikslas
vocab-InformedOf-DataUse = Surinktų duomenų naudojimas
vocab-InformedOf-ResearchUseOfNonIdentifyingData = Tapatybės neatskleidžiančių duomenų naudojimas tyrimams
vocab-InformedOf-RightOfAccess = Teisė bet kada susipažinti su savo duomenimis
vocab-InformedOf-RetentionPeriod = Kiek laiko saugomi duomenys
vocab-InformedOf-Withdrawal = Kaip atšaukti sutikimą
vocab-ConsentGivenBy-Person = Pats asmuo
vocab-ConsentGivenBy-ParentOrGuardian = Tėvai ar globėjas
vocab-ConsentGivenBy-Other = Kitas asmuo
vocab-UrgentNeed-Medical = Medicininė pagalba
vocab-UrgentNeed-Shelter = Apgyvendinimas
vocab-UrgentNeed-Safety = Saugumas
vocab-UrgentNeed-Documents = Dokumentai
vocab-UrgentNeed-Interpretation = Vertimas žodžiu
vocab-UrgentNeed-Money = Pinigai
vocab-UrgentNeed-ContactWithFamily = Ryšys su šeima
section-assistance = Pagalba
field-consent-interview = Sutinka su pokalbiu
field-informed-of = Informuotas apie
field-consent-given-by = Sutikimą davė
field-consent-date = Sutikimo data
field-urgent-needs = Skubūs poreikiai
field-travel-document = Išduotas kelionės dokumentas
field-return-assisted = Padėta grįžti
section-exploitation = Išnaudojimas
section-referrals = Nukreipimai
field-sexual-exploitation = Seksualinio išnaudojimo rūšis
field-labour-industry = Sektorius (priverstinis darbas)
field-recruitment = Verbavimo būdai
field-means-of-control = Kontrolės priemonės
field-relationship = Ryšys su prekeiviu
field-organisation = Organizacija
field-organisation-type = Organizacijos tipas
field-share-identity = Asmuo sutinka, kad ši organizacija gautų jo vardą, pavardę, telefono numerį ir el. pašto adresą
field-service = Paslauga
field-outcome = Rezultatas
editor-add-referral = Pridėti nukreipimą
editor-directory-unreadable = Šioje saugykloje laikomo organizacijų sąrašo nepavyko perskaityti, todėl jame ieškoti negalima: įrašykite organizacijos pavadinimą. Byla ir jos nukreipimai nepaveikti. Jei taip kartojasi, atkurkite saugyklą iš atsarginės kopijos.
editor-no-referrals = Nukreipimų dar nėra.
vocab-SexExploitationType-Prostitution = Prostitucija
vocab-SexExploitationType-Pornography = Pornografija
vocab-SexExploitationType-RemoteInteractiveServices = Nuotolinės interaktyvios paslaugos
vocab-SexExploitationType-PrivateSexualServices = Privačios seksualinės paslaugos
vocab-Relationship-Familial = Šeimos narys
vocab-Relationship-Acquainted = Pažįstamas
vocab-Relationship-Unaquainted = Nepažįstamas
vocab-RecruitmentMethod-AtAPlaceOfBusiness = Verslo vietoje
vocab-RecruitmentMethod-AtAnEducationalInstitution = Mokykloje ar universitete
vocab-RecruitmentMethod-AtWork = Darbe
vocab-RecruitmentMethod-ThroughOnlineSocialNetworks = Per socialinius tinklus
vocab-RecruitmentMethod-ThroughAnOnlineAdvertisement = Per skelbimą internete
vocab-RecruitmentMethod-ThroughATelevisionAdvert = Per televizijos reklamą
vocab-RecruitmentMethod-ThroughANewspaperAdvert = Per skelbimą laikraštyje
vocab-RecruitmentMethod-ThroughFamilyOrFamilyEvents = Per šeimą
vocab-RecruitmentMethod-ThroughFriendsOrSocialEvents = Per draugus ar renginius
vocab-RecruitmentMethod-Other = Kita
vocab-MeansOfControl-PhysicalThreats = Fiziniai grasinimai
vocab-MeansOfControl-ThreatsLawEnforcement = Grasinimai policija ar deportacija
vocab-MeansOfControl-ThreatensChildrenFamily = Grasinimai vaikams ar šeimai
vocab-MeansOfControl-DebtBondage = Skolinė vergovė
vocab-MeansOfControl-FalsePromises = Melagingi pažadai
vocab-MeansOfControl-PhysicalAbuse = Fizinis smurtas
vocab-MeansOfControl-SexualAbuse = Seksualinė prievarta
vocab-MeansOfControl-TakesEarnings = Atima uždarbį
vocab-MeansOfControl-RestrictsFinancialAccess = Riboja prieigą prie pinigų
vocab-MeansOfControl-RestrictsMedicalCare = Riboja medicininę pagalbą
vocab-MeansOfControl-WithholdsNecessities = Neduoda būtiniausių dalykų
vocab-MeansOfControl-PsychologicalAbuse = Psichologinis smurtas
vocab-MeansOfControl-PsychoactiveSubstance = Psichoaktyviosios medžiagos
vocab-MeansOfControl-ExcessiveWorkingHours = Per ilgos darbo valandos
vocab-MeansOfControl-WithholdsDocuments = Sulaiko dokumentus
vocab-MeansOfControl-Other = Kita
vocab-OrganisationType-NGO = NVO
vocab-OrganisationType-LawEnforcement = Teisėsaugos institucija
vocab-OrganisationType-HealthServiceOrganisation = Sveikatos priežiūros įstaiga
vocab-OrganisationType-CentralGovernmentOrganisation = Centrinės valdžios institucija
vocab-OrganisationType-LocalGovernmentOrganisation = Savivaldybės institucija
vocab-OrganisationType-ImmigrationService = Migracijos tarnyba
vocab-OrganisationType-LegalService = Teisinė pagalba
vocab-OrganisationType-CorporateBusiness = Verslo įmonė
vocab-OrganisationType-SchoolOrCollege = Mokykla ar kolegija
vocab-OrganisationType-LithuanianCommunityOrganisation = Lietuvių bendruomenės organizacija
vocab-OrganisationType-FaithBasedOrganisation = Religinė organizacija
vocab-ReferralService-Shelter = Prieglauda
vocab-ReferralService-Health = Sveikatos priežiūra
vocab-ReferralService-Psychosocial = Psichosocialinė pagalba
vocab-ReferralService-Legal = Teisinė pagalba
vocab-ReferralService-Police = Policija
vocab-ReferralService-Return = Grįžimas
vocab-ReferralService-Other = Kita
vocab-ReferralOutcome-Referred = Nukreiptas
vocab-ReferralOutcome-DeclinedByPerson = Asmuo atsisakė
vocab-ReferralOutcome-ServiceUnavailable = Paslauga neprieinama
vocab-ReferralOutcome-Completed = Įvykdyta
field-estimated-age = Numatomas amžius (jei gimimo data nežinoma)
field-document-type = Asmens dokumentas
field-document-number = Dokumento numeris
field-location-city = Dabartinis miestas
field-location-country = Dabartinė šalis
field-closure-reason = Bylos užbaigimo priežastis
field-decided-by = Statusą nustatė
field-age-trafficked = Amžius, kai tapo prekybos žmonėmis auka
field-events = Prekybos žmonėmis eiga
field-event-type = Etapas
field-event-country = Šalis (ISO kodas)
field-event-city = Miestas ar vieta
field-event-description = Kas įvyko
editor-add-event = Pridėti šį etapą
field-indicator-note = Kas pastebėta (neprivaloma)
vocab-EventType-Recruitment = Verbavimas
vocab-EventType-Transit = Tranzitas
vocab-EventType-Exploitation = Išnaudojimas
problem-number = Įrašykite sveikąjį skaičių.
vocab-DocumentType-Passport = Pasas
vocab-DocumentType-NationalIdentityCard = Asmens tapatybės kortelė
vocab-DocumentType-ResidencePermit = Leidimas gyventi
vocab-DocumentType-EmergencyTravelDocument = Laikinasis kelionės dokumentas
vocab-DocumentType-DrivingLicence = Vairuotojo pažymėjimas
vocab-DocumentType-Other = Kita
vocab-DecisionMaker-Police = Policija
vocab-DecisionMaker-NGO = NVO
vocab-DecisionMaker-CourtOrProsecution = Teismas ar prokuratūra
vocab-DecisionMaker-NonPoliceGovernmentalOrganization = Kita valstybės institucija
vocab-DecisionMaker-Other = Kita
vocab-LabourIndustry-A_AgricultureForestryAndFishing = A – Žemės ūkis, miškininkystė ir žuvininkystė
vocab-LabourIndustry-B_MiningAndQuarrying = B – Kasyba ir karjerų eksploatavimas
vocab-LabourIndustry-C_Manufacturing = C – Apdirbamoji gamyba
vocab-LabourIndustry-D_ElectricityGasSteamAndAirConditioningSupply = D – Elektros, dujų, garo tiekimas ir oro kondicionavimas
vocab-LabourIndustry-E_WaterSupplySewerageWasteManagement = E – Vandens tiekimas, nuotekų valymas, atliekų tvarkymas
vocab-LabourIndustry-F_Construction = F – Statyba
vocab-LabourIndustry-G_WholesaleAndRetailTradeRepairOfMotorVehicles = G – Didmeninė ir mažmeninė prekyba; transporto priemonių remontas
vocab-LabourIndustry-H_TransportationAndStorage = H – Transportas ir saugojimas
vocab-LabourIndustry-I_AccommodationAndFoodServiceActivities = I – Apgyvendinimo ir maitinimo paslaugos
vocab-LabourIndustry-J_InformationAndCommunication = J – Informacija ir ryšiai
vocab-LabourIndustry-K_FinancialAndInsuranceActivities = K – Finansinė ir draudimo veikla
vocab-LabourIndustry-L_RealEstateActivities = L – Nekilnojamojo turto operacijos
vocab-LabourIndustry-M_ProfessionalScientificAndTechnicalActivities = M – Profesinė, mokslinė ir techninė veikla
vocab-LabourIndustry-N_AdministrativeAndSupportServiceActivities = N – Administracinė ir aptarnavimo veikla
vocab-LabourIndustry-O_PublicAdministrationAndDefence = O – Viešasis valdymas ir gynyba
vocab-LabourIndustry-P_Education = P – Švietimas
vocab-LabourIndustry-Q_HumanHealthAndSocialWorkActivities = Q – Sveikatos priežiūra ir socialinis darbas
vocab-LabourIndustry-R_ArtsEntertainmentAndRecreation = R – Meninė, pramoginė ir poilsio organizavimo veikla
vocab-LabourIndustry-S_OtherServiceActivities = S – Kita aptarnavimo veikla
vocab-LabourIndustry-T_ActivitiesOfHouseholdsAsEmployers = T – Namų ūkiai kaip darbdaviai (darbas namų ūkyje)
vocab-LabourIndustry-U_ActivitiesOfExtraterritorialOrganizations = U – Ekstrateritorinės organizacijos

## Keitimasis su komisija
nav-export = Eksportas
nav-import = Importas
column-file = Failas
column-mission = Atstovybė ir eksportas
column-new = Nauji
column-updated-cases = Atnaujinti
column-unchanged = Nepakitę
column-erased = Ištrinti
column-conflicts = Konfliktai
column-erased-here = Ištrinta čia
column-withdrawn = Sutikimas atšauktas
exchange-export-title = Eksportas komisijai
exchange-import-title = Importas iš atstovybių
exchange-loading = Skaitoma saugykla…
exchange-commission-key = Komisijos raktas
exchange-fingerprint-hint = Eksporto failai šifruojami šiuo raktu: juos perskaityti gali tik komisija. Vieną kartą palyginkite kontrolinį kodą su komisija telefonu.
exchange-mission-key = Šios atstovybės parašo raktas: { $fingerprint }. Komisija jį su jumis palygins, kai tvirtins pirmąjį jūsų eksportą.
exchange-no-commission-key = Komisijos viešasis raktas dar neįkeltas, todėl eksportuoti negalima. Įkelkite komisijos atsiųstą rakto failą.
exchange-error-signing-key-unbacked = Misijos parašo raktas buvo pakeistas, o naujojo rakto dar neturi jokia atsarginė kopija, todėl niekas neeksportuojama. Pirmiausia sukurkite atsarginę kopiją: Nustatymai → Atsarginė kopija, Sukurti kopiją dabar. Tada eksportuokite dar kartą.
exchange-load-key = Įkelti komisijos raktą…
exchange-key-stored = Komisijos raktas įrašytas. Jo kontrolinis kodas: { $fingerprint } — palyginkite jį su komisija telefonu.
exchange-what-goes = Kas bus eksportuojama
exchange-incremental = Visa, kas nauja, pakeista ar ištrinta nuo paskutinio eksporto
exchange-everything = Visos bylos ir ištrynimai (visas eksportas)
exchange-counts = { PLURAL($cases) ->
    [one] { $cases } byla
    [few] { $cases } bylos
   *[other] { $cases } bylų
}, { PLURAL($erasures) ->
    [one] { $erasures } ištrynimas
    [few] { $erasures } ištrynimai
   *[other] { $erasures } ištrynimų
}
exchange-counts-with-withdrawals = { $counts }, { PLURAL($withdrawals) ->
    [one] { $withdrawals } sutikimo atšaukimas
    [few] { $withdrawals } sutikimo atšaukimai
   *[other] { $withdrawals } sutikimo atšaukimų
}
exchange-exported-withdrawals = Komisijai perduodama sutikimo atšaukimų: { $count } (eksporto formatas 4: komisijos Casebook versija turi būti ši arba naujesnė; senesnė versija atmes visą failą su visomis jame esančiomis bylomis, kol programa nebus atnaujinta).
exchange-no-export-yet = Iš šios saugyklos dar nieko neeksportuota.
exchange-last-export = Paskutinio eksporto numeris – { $number }.
exchange-consent-hint = Jei asmuo nesutiko, kad jį identifikuojantys duomenys būtų perduoti, byla siunčiama be vardų, gimimo datos (lieka tik metai), kontaktinių duomenų, asmens dokumento ir laisvo teksto.
exchange-export-button = Eksportuoti…
exchange-exported = Eksportas Nr. { $number } įrašytas
exchange-exported-counts = { PLURAL($cases) ->
    [one] { $cases } byla
    [few] { $cases } bylos
   *[other] { $cases } bylų
} (iš jų be identifikuojančių duomenų – { $redacted }), { PLURAL($erasures) ->
    [one] { $erasures } ištrynimas
    [few] { $erasures } ištrynimai
   *[other] { $erasures } ištrynimų
}.
exchange-exported-keys = Užšifruota komisijos raktui { $commission }; pasirašyta šios atstovybės raktu { $mission }.
exchange-exported-hint = Perduokite failą komisijai sutartu būdu (USB atmintine, diplomatiniu paštu, saugiu el. paštu). Be komisijos rakto jo niekas negali perskaityti – net ir ši atstovybė.
exchange-distribute-hint = Atstovybės savo eksporto failus šifruoja šiuo raktu. Išsaugokite jį faile ir nusiųskite kiekvienai atstovybei; jos kontrolinį kodą patikrins su jumis telefonu.
exchange-save-key = Išsaugoti viešąjį raktą…
exchange-key-saved = Viešasis raktas išsaugotas faile { $path }.
exchange-import-files = Eksporto failai
exchange-import-hint = Kiekvienas failas visas patikrinamas (parašas, vientisumas, kiekvienas įrašas) prieš ką nors įrašant; nepraėjęs patikros failas nieko nepakeičia.
exchange-choose-files = Pasirinkti eksporto failus…
exchange-finishing = Baigiama…
exchange-cancel = Atšaukti
exchange-cancelling = Atšaukiama…
exchange-export-cancelled = Eksportas atšauktas. Joks failas neįrašytas ir niekas nepažymėta kaip išsiųsta.
exchange-import-cancelled = Importas atšauktas: skaitytas failas ir po jo einantys failai neimportuoti.
exchange-error-cancelled = Atšaukta: iš šio failo niekas neimportuota.
exchange-new-mission = Nauja atstovybė: { $code } ({ $name })
exchange-new-mission-file = Failas { $file } yra pirmasis iš šios atstovybės. Jos rakto kontrolinis kodas:
exchange-new-mission-hint = Prieš patvirtindami paskambinkite į atstovybę ir palyginkite šį kodą. Patvirtinus iš { $code } bus priimami tik šiuo raktu pasirašyti failai.
exchange-approve = Patvirtinti ir importuoti
exchange-skip = Praleisti šį failą
exchange-skipped = Praleista: atstovybė nepatvirtinta.
exchange-report = Importo ataskaita
exchange-mission-export = { $code }, eksportas Nr. { $number }
exchange-duplicate = Jau importuota { $date }; niekas nepasikeitė.
exchange-gap = { $count ->
    [1] { $code }: eksportas Nr. { $from } dar negautas.
   *[other] { $code }: eksportai Nr. { $from }–{ $to } dar negauti.
}
exchange-key-rotated = { $code }: atstovybės raktas pakeistas { $from } → { $to } patvirtinto rakto pasirašytu rotacijos pareiškimu. Seno rakto dar negauti eksportai iki Nr. { $number } dar priimami. Jei atstovybė rakto nekeitė, panaikinkite jį ekrane „Atstovybės“.
exchange-key-first-file = { $code }: pirmas failas, pasirašytas telefonu patvirtintu raktu { $fingerprint }.
exchange-key-revoked-taken = { $code }: pasirašyta panaikintu raktu { $fingerprint }; priimta kaip eksportas Nr. { $number } ≤ { $through }, anksčiau negautas.
exchange-key-replaced-taken = { $code }: pasirašyta pakeistu raktu { $fingerprint }; priimta kaip eksportas Nr. { $number } ≤ { $through }, anksčiau negautas.
exchange-missions = Patvirtintos atstovybės
exchange-conflicts = { PLURAL($count) ->
    [one] Reikia išspręsti { $count } konfliktą
    [few] Reikia išspręsti { $count } konfliktus
   *[other] Reikia išspręsti { $count } konfliktų
}
exchange-conflicts-hint = Atėjo dvi skirtingos tos pačios bylos versijos tuo pačiu numeriu. Kairėje – saugoma versija, dešinėje – kita; pasirinkite, kurią komisija pasilieka.
exchange-conflict-case = Byla { $reference }, versija { $revision }
exchange-keep-stored = Palikti saugomą versiją
exchange-take-other = Imti kitą versiją
exchange-error-not-an-export = Tai ne Casebook eksporto failas.
exchange-error-other-commission = Šis failas užšifruotas kitam komisijos raktui; ši saugykla jo atidaryti negali.
exchange-error-damaged = Failas sugadintas arba neišsamus. Niekas neimportuota; paprašykite atstovybės atsiųsti jį dar kartą.
exchange-error-newer = Failas sukurtas naujesne Casebook versija. Įdiekite naujesnę versiją, kad galėtumėte jį importuoti.
exchange-error-altered = Failas pakeistas po to, kai atstovybė jį pasirašė. Niekas neimportuota.
exchange-error-wrong-key = Atstovybė { $code } failą pasirašė jai nepatvirtintu raktu (kontrolinis kodas { $fingerprint }). Niekas neimportuota. Jei atstovybė turi naują raktą, palyginkite kontrolinį kodą su atstovybe telefonu ir patvirtinkite jį ekrane „Atstovybės“ (Pakeisti raktą…).
exchange-error-revoked-key = Atstovybės { $code } raktas, kuriuo pasirašytas failas, panaikintas { $date }. Jo failai atmetami. Niekas neimportuota.
exchange-error-replaced-key = Failas pasirašytas ankstesniu atstovybės { $code } raktu, pakeistu { $date }. Paprašykite atstovybės failo, pasirašyto dabartiniu jos raktu. Niekas neimportuota.
exchange-error-bad-rotation = Failo rakto keitimo pareiškimas negalioja: jis pakeistas arba suklastotas. Niekas neimportuota.
exchange-error-invalid-record = Faile yra netinkamas įrašas: { $detail }. Niekas neimportuota.
exchange-error-too-large = Failas yra { $size } MiB – daugiau, nei ši saugykla priima ({ $limit } MiB). Niekas neimportuota. Jei tai tikras eksportas, padidinkite ribą komandų eilutėje (import --max-size).
exchange-error-mission-code = Faile atstovybė nurodyta kodu „{ $code }“: tai pačios komisijos kodas arba naujos atstovybės kodas, kurio forma netinkama (dvi didžiosios raidės, brūkšnelis ir 2–8 didžiosios raidės ar skaitmenys, pvz., LT-LON). Niekas neimportuota.
exchange-error-case-too-large = Byla { $reference } per didelė eksportuoti: importuojant failas būtų atmestas. Atidarykite bylą, sutrumpinkite ilgiausius tekstus arba pašalinkite senus tolesnius veiksmus, išsaugokite ją ir eksportuokite dar kartą. Niekas neeksportuota.
exchange-error-redacted-case-refused = Komisija atmestų nuasmenintą bylą { $reference } ({ $problems }). Atidarykite bylą, ištaisykite tai, kas nurodyta, išsaugokite ją ir eksportuokite dar kartą. Niekas neeksportuota.
exchange-identity-backup = Komisijos slaptojo rakto atsarginė kopija
exchange-identity-hint = Be šio rakto neįmanoma atidaryti nė vieno eksporto failo. Laikykite jo atsarginę kopiją, apsaugotą atskira slaptafraze, ne šiame kompiuteryje (seife). Tai standartinis age failas.
exchange-identity-passphrase = Atsarginės kopijos slaptafrazė
exchange-identity-save = Išsaugoti kopiją…
exchange-identity-saved = Rakto atsarginė kopija išsaugota faile { $path }. Failą ir slaptafrazę laikykite atskirai.
exchange-replies = Komisijos atsakymai
exchange-replies-hint = Komisijos atsakyme nurodyta, kuriuos eksportus ji gavo. Prieš ką nors įrašant atsakymas patikrinamas (komisijos parašas ir tai, kad jis skirtas šiai atstovybei); tą patį atsakymą gavus dar kartą, niekas nesikeičia.
exchange-receive-reply = Gauti komisijos atsakymą…
exchange-export-row = Eksportas Nr. { $number }, { $date }: { PLURAL($cases) ->
    [one] { $cases } byla
    [few] { $cases } bylos
   *[other] { $cases } bylų
}, { PLURAL($erasures) ->
    [one] { $erasures } ištrynimas
    [few] { $erasures } ištrynimai
   *[other] { $erasures } ištrynimų
}
exchange-export-confirmed = komisija gavo { $date }
exchange-export-unconfirmed = dar nepatvirtinta
exchange-reply-received = Atsakymas įrašytas: naujai patvirtintų eksportų – { $count }.
exchange-rotation-announced = Komisija praneša apie naują raktą, patvirtintą čia saugomu raktu: { $fingerprint }. Eksportai šifruojami saugomu raktu, kol telefonu su komisija nepalyginsite šio kontrolinio kodo ir jo nepriimsite.
exchange-rotation-accept = Kontrolinį kodą palyginau telefonu: naudoti naują raktą
exchange-rotation-accepted = Naujas komisijos raktas { $fingerprint } įrašytas; nuo šiol eksportai šifruojami juo.
settings-keys = Raktai
settings-keys-mission = Šios atstovybės parašo raktas
settings-keys-mission-hint = Kiekvienas eksportas pasirašomas šiuo raktu, o komisija tikrina parašą. Planinis keitimas (raktas naudojamas seniai, kompiuteris nurašomas) sukuria naują raktą: kitas eksportas neša senuoju raktu pasirašytą pareiškimą, ir komisija naują raktą priima be skambučio. Pavogtas kompiuteris – kitas atvejis: skambinkite komisijai, ji raktą panaikins.
settings-keys-mission-start = Keisti parašo raktą… (K)
settings-keys-mission-current = Naudojamas raktas: { $fingerprint }. { $number ->
    [0] Juo dar nepasirašytas nė vienas eksportas.
   *[other] Juo pasirašyti eksportai iki Nr. { $number }.
}
settings-keys-mission-what = Jį pakeis naujas raktas, o senąjį ši saugykla pamirš; tuo pačiu žingsniu į jūsų pasirinktą failą įrašoma saugyklos atsarginė kopija su naujuoju raktu (jei jos įrašyti nepavyksta, raktas nekeičiamas). Kiekvienas tolesnis eksportas neš senuoju raktu pasirašytą pareiškimą, todėl komisija naują raktą priims be skambučio.
settings-keys-confirm = Keisti raktą
settings-keys-cancel = Atšaukti (Esc)
settings-keys-rotating = Raktas keičiamas…
settings-keys-reading = Skaitomas naudojamas raktas…
settings-keys-mission-choose-backup = Pasirinkti, kur įrašyti atsarginę kopiją…
settings-keys-commission-choose-backup = Pasirinkti, kur įrašyti rakto atsarginę kopiją…
settings-keys-commission-passphrase = Rakto atsarginės kopijos slaptafrazė, įvesta du kartus: laikykite ją atskirai nuo failo.
settings-keys-backup-file = Bus įrašyta: { $path }
settings-keys-backup-none = Failas dar nepasirinktas.
settings-keys-backup-missing = Pirmiausia pasirinkite, kur įrašyti atsarginę kopiją.
settings-keys-type-code = Patvirtinkite įvesdami atstovybės kodą { $code } (Enter):
settings-keys-type-fingerprint = Patvirtinkite įvesdami pirmuosius keturis naudojamo rakto ženklus, { $start } (Enter):
settings-keys-mission-done = Parašo raktas pakeistas.
settings-keys-old = Senasis raktas: { $fingerprint }
settings-keys-new = Naujasis raktas: { $fingerprint }
settings-keys-mission-next = { $number ->
    [0] Kiekvienas tolesnis eksportas neš senuoju raktu pasirašytą pareiškimą (juo nepasirašytas nė vienas eksportas); komisija naują raktą priims be skambučio.
   *[other] Kiekvienas tolesnis eksportas neš senuoju raktu pasirašytą pareiškimą (juo pasirašyti eksportai iki Nr. { $number }); komisija naują raktą priims be skambučio.
}
settings-keys-mission-backup = Saugyklos atsarginė kopija su naujuoju raktu įrašyta į { $path }. Visose anksčiau padarytose kopijose tebėra senasis raktas: senąsias sunaikinkite.
settings-keys-commission = Komisijos raktas
settings-keys-commission-hint = Atstovybės šiuo raktu šifruoja eksportus ir juo tikrina komisijos atsakymus. Keičiant sukuriama nauja raktų pora, apie kurią pranešama kituose atsakymuose; kiekviena atstovybė, prieš naudodama naują raktą, telefonu su jumis palygina jo kontrolinį kodą. Senieji slaptieji raktai išsaugomi (šioje saugykloje ir rakto atsarginėje kopijoje), todėl jais jau užšifruoti failai vis tiek importuojami.
settings-keys-commission-start = Keisti komisijos raktą… (K)
settings-keys-commission-current = Naudojamas raktas: { $fingerprint }.
settings-keys-commission-what = Jį pakeis nauja raktų pora; pirmiausia įrašoma naujųjų (ir ankstesnių) raktų atsarginė kopija, apsaugota čia įvesta slaptafraze. Kiekvienas nuo šiol rašomas atsakymas apie naują raktą praneš, patvirtintą senuoju raktu; atstovybė šifruos senuoju raktu, kol jos pareigūnas telefonu su jumis nepalygins naujo kontrolinio kodo ir jo nepriims.
settings-keys-commission-done = Komisijos raktas pakeistas.
settings-keys-commission-next = Atstovybės naują raktą gaus su kitu atsakymu: parašykite jį (Importas, „Atsakyti…“) ir telefonu praneškite naują kontrolinį kodą. Dar neužregistruotai atstovybei viešąjį raktą išsaugokite iš naujo (Importas, „Išsaugoti viešąjį raktą…“).
settings-keys-commission-backup = Naujųjų (ir ankstesnių) raktų atsarginė kopija įrašyta į { $path }: ją ir jos slaptafrazę laikykite atskirai, seife, o senesnes rakto kopijas sunaikinkite.
exchange-own-key-replaced = Komisija pakeitė šios atstovybės raktą { $fingerprint } { $date }.
exchange-own-key-revoked = Komisija atšaukė šios atstovybės raktą { $fingerprint } { $date }.
exchange-own-key-accepted = Dar priimami jo pasirašyti eksportai iki Nr. { $number }, kurie dar neatkeliavo.
exchange-own-key-none-accepted = Jo pasirašyti eksportai nebepriimami.
exchange-reply-already = Šis atsakymas jau gautas { $date }; niekas nepasikeitė.
exchange-reply-to = Atsakyti…
exchange-reply-written = Atsakymas atstovybei { $code } išsaugotas faile { $path } (patvirtintų eksportų – { $count }, atsakymo formatas { $format }). Perduokite jį atstovybei sutartu būdu; perskaityti jį gali tik ta atstovybė.
exchange-reply-written-newer = Atsakymas atstovybei { $code } išsaugotas faile { $path } (patvirtintų eksportų – { $count }, atsakymo formatas { $format }). Atstovybė, kurios Casebook versija senesnė, šio formato nepriims, kol neatnaujins programos į { $release } ar naujesnę versiją: iki tol ten niekas nesikeis. Perduokite jį atstovybei sutartu būdu; perskaityti jį gali tik ta atstovybė.
exchange-reply-error-not-a-reply = Tai ne Casebook atsakymo failas. Niekas nepakeista.
exchange-reply-error-other-mission = Šis atsakymas skirtas kitai atstovybei (arba kitai šios atstovybės saugyklai ar raktui). Niekas nepakeista.
exchange-reply-error-signature = Šis atsakymas nepasirašytas čia saugomu komisijos raktu: jis pakeistas arba gautas iš kitur. Niekas nepakeista.
exchange-reply-error-damaged = Atsakymo failas sugadintas arba neišsamus. Niekas nepakeista; paprašykite komisijos atsiųsti jį dar kartą.
exchange-reply-error-newer = Atsakymas sukurtas naujesne Casebook versija. Įdiekite naujesnę versiją, kad galėtumėte jį gauti. Niekas nepakeista.
exchange-reply-error-old-key = Čia saugomas senesnės rūšies komisijos raktas, be rakto, kuriuo pasirašomi atsakymai. Paprašykite komisijos naujo rakto failo, telefonu palyginkite jo kontrolinį kodą ir įkelkite jį mygtuku „Įkelti naują komisijos raktą…“.
exchange-reply-error-no-key = Atstovybei { $code } atsakyti dar negalima: nė viename čia importuotame jos eksporte nėra jos atsakymų rakto (jie sukurti senesne Casebook versija arba dar nė vienas neimportuotas). Importuokite eksportą, kurį atstovybė sukūrė šia versija.
exchange-load-new-key = Įkelti naują komisijos raktą…
exchange-old-key-hint = Šis komisijos raktas senesnės rūšies: eksportuoti galima, bet komisijos atsakymų patikrinti negalima. Kai komisija atsiųs naują rakto failą, telefonu palyginkite jo kontrolinį kodą ir įkelkite jį.
exchange-guidance = Komisijos gairės
exchange-guidance-new = Nauja
exchange-guidance-read = Pažymėti kaip perskaitytas
exchange-set-aside = Komisijos atidėtos versijos
exchange-set-aside-hint = Kiekvienos toliau nurodytos bylos komisija turi kitą versiją tuo pačiu numeriu, o čia nurodytą atidėjo. Ji nenurodo, kuriuo eksportu ta versija atėjo: paklauskite komisijos, kurią versiją ji turi.
exchange-set-aside-row = { $reference }, versija { $revision }: nurodyta { $date } atsakyme
exchange-set-aside-row-earlier = { $reference }: nurodyta ankstesniame atsakyme
exchange-set-aside-resolved = komisija jau išsprendė
exchange-set-aside-more = … ir dar { $count } (visas išvardija komandinė eilutė: exports --set-aside)
exchange-erased-at-commission = Komisijos ištrintos bylos
exchange-erased-at-commission-hint = Komisija ištrynė šias atstovybės bylas, kai suėjo jų laukelyje „Ištrinti po“ nurodyta data. Jų atnaujinimų ji nebepriima, o šioje saugykloje jos niekada nesutrumpinamos.
exchange-erased-at-commission-row = { $reference }: ištrinta { $date }
exchange-erased-at-commission-more = … ir dar { $count } (visas išvardija komandinė eilutė: exports --erased)
exchange-set-aside-unreadable = Komisijos atidėtų versijų sąrašo nepavyko perskaityti. Kita šio lango dalis rodoma.
exchange-guidance-unreadable = Gairių nepavyko perskaityti. Kita šio lango dalis rodoma.
exchange-guidance-sent = Atstovybėms siunčiamos gairės
exchange-guidance-sent-hint = Šias gaires perduoda kiekvienas atsakymas. Atsiimtą gairę kiekviena atstovybė paslėps, kai gaus kitą atsakymą.
exchange-guidance-withdraw = Atsiimti…
exchange-guidance-withdraw-confirm = Atsiimti { $date } gairę ({ $id })? Kiekviena atstovybė ją paslėps, kai gaus kitą atsakymą, ir ji daugiau nebus siunčiama.
exchange-guidance-withdraw-format = Po to kiekvienas atsakymas kiekvienai atstovybei rašomas 2 atsakymo formatu. Atstovybė, kurios Casebook senesnė nei 2 atsakymo formatas, tokio atsakymo nepriima, taigi negauna ir jame esančių patvirtinimų bei raktų pakeitimų, kol neatnaujina programos. Pirma įsitikinkite, kad visos atstovybės atnaujino programą.
exchange-guidance-withdraw-yes = Atsiimti gairę
exchange-guidance-withdrawn = Gairė { $id } atsiimta: kiti atsakymai nurodys kiekvienai atstovybei ją paslėpti.

## Statistika
nav-statistics = Statistika
stats-title = Statistika
stats-count-by = Skaičiuoti bylas pagal:
stats-and-by = ir pagal:
stats-by-nothing = (nieko daugiau)
stats-by-year = Pirmojo kontakto metai
stats-by-trafficking-status = Prekybos žmonėmis statusas
stats-by-form = Išnaudojimo forma
stats-by-citizenship = Pilietybė
stats-by-gender = Lytis
stats-by-age-group = Amžiaus grupė pirmojo kontakto metu (CTDC)
stats-by-age-group-gbvims = Amžiaus grupė pirmojo kontakto metu (GBVIMS)
stats-by-minor = Nepilnametis ar suaugęs
stats-by-country-of-exploitation = Išnaudojimo šalis
stats-by-labour-industry = Darbo sektorius
stats-by-means-of-control = Kontrolės priemonės
stats-by-referral-service = Nukreipimo paslauga
stats-by-mission = Atstovybė
stats-by-status = Bylos būsena
stats-by-citizenship-group = Pilietybė (Lietuva / kita ES / ne ES)
stats-by-recruitment = Verbavimo būdas
stats-by-urgent-need = Skubus poreikis
stats-by-referral-organisation = Nukreipimas: organizacijos tipas
stats-by-referral-outcome = Nukreipimas: rezultatas
stats-by-return-assisted = Padėta grįžti
stats-by-reflection-period = Pradėtas apmąstymo laikotarpis
stats-citizenship-lithuania = Lietuva
stats-citizenship-other-eu = Kita ES valstybė narė
stats-citizenship-outside-eu = Ne ES
stats-yes = Taip
stats-no = Ne
stats-years = Metai
stats-mission = Atstovybė
stats-status = Būsena
stats-trafficking-status = Prekybos žmonėmis statusas
stats-trafficking-status-any = visi
stats-include-without-consent = Skaičiuoti bylas asmenų, nesutikusių su anonimine statistika (tik jei komisija yra dokumentavusi kitą teisinį pagrindą)
stats-unknown = Nežinoma
stats-minor = Nepilnametis
stats-adult = Suaugęs
stats-counting = Skaičiuojama…
stats-total = { PLURAL($count) ->
    [one] Suskaičiuota { $count } byla
    [few] Suskaičiuotos { $count } bylos
   *[other] Suskaičiuota { $count } bylų
}
stats-unknown-count = { PLURAL($count) ->
    [one] { $count } byloje nenurodyta „{ $field }“ (rodoma kaip Nežinoma).
    [few] { $count } bylose nenurodyta „{ $field }“ (rodoma kaip Nežinoma).
   *[other] { $count } bylų nenurodyta „{ $field }“ (rodoma kaip Nežinoma).
}
stats-multi-valued = Byla skaičiuojama po kartą prie kiekvienos savo reikšmės, todėl eilučių suma gali viršyti bendrą skaičių, kuriame kiekviena byla skaičiuojama vieną kartą.
stats-row-total = Iš viso
stats-column-total = Iš viso
stats-export-csv = Eksportuoti CSV…
stats-writing-csv = Rašomas failas…
stats-threshold = Slėpti skaičius, mažesnius nei
stats-export-hint = Ekrane rodomi tikslūs skaičiai. Eksportuotame faile (riba ne mažesnė nei 3) skaičiai, mažesni už ribą, ir tie, iš kurių juos būtų galima atkurti, visi pakeičiami tuo pačiu ženklu „c“ (konfidencialu).
stats-csv-saved = Lentelė išsaugota faile { $path }.
stats-left-out-refused = { PLURAL($count) ->
    [one] Neįskaičiuota { $count } byla: su anonimine statistika nesutikta.
    [few] Neįskaičiuotos { $count } bylos: asmenys nesutiko su anonimine statistika.
   *[other] Neįskaičiuota { $count } bylų: asmenys nesutiko su anonimine statistika.
}
stats-counted-despite-refusal = { PLURAL($count) ->
    [one] { $count } byla įskaičiuota, nors su anonimine statistika nesutikta (komisijos nustatymas, kai dokumentuotas kitas teisinis pagrindas).
    [few] { $count } bylos įskaičiuotos, nors asmenys nesutiko su anonimine statistika (komisijos nustatymas, kai dokumentuotas kitas teisinis pagrindas).
   *[other] { $count } bylų įskaičiuota, nors asmenys nesutiko su anonimine statistika (komisijos nustatymas, kai dokumentuotas kitas teisinis pagrindas).
}
stats-left-out-synthetic = { PLURAL($count) ->
    [one] Neįskaičiuota { $count } sintetinė (mokomoji) byla.
    [few] Neįskaičiuotos { $count } sintetinės (mokomosios) bylos.
   *[other] Neįskaičiuota { $count } sintetinių (mokomųjų) bylų.
}
cases-synthetic-banner = { PLURAL($count) ->
    [one] Šioje saugykloje yra { $count } sintetinė byla (mokomieji duomenys, sukurti komanda „generate“). Sintetinės bylos niekada neeksportuojamos ir neįtraukiamos į statistiką.
    [few] Šioje saugykloje yra { $count } sintetinės bylos (mokomieji duomenys, sukurti komanda „generate“). Jos niekada neeksportuojamos ir neįtraukiamos į statistiką.
   *[other] Šioje saugykloje yra { $count } sintetinių bylų (mokomieji duomenys, sukurti komanda „generate“). Jos niekada neeksportuojamos ir neįtraukiamos į statistiką.
}

# Kodėl slaptafrazė netinka (zxcvbn priežastys žodžiais).
passphrase-too-short = Naudokite bent { $min } simbolių; lengviausia įsiminti kelis nesusijusius žodžius.
passphrase-guessable = { $reason } Pridėkite daugiau nesusijusių žodžių.
passphrase-warning-guessable = Tokią slaptafrazę būtų per lengva atspėti.
passphrase-warning-key-rows = Iš eilės einančius klaviatūros klavišus lengva atspėti.
passphrase-warning-key-patterns = Trumpus klaviatūros raštus lengva atspėti.
passphrase-warning-repeated-letters = Pasikartojimus, tokius kaip „aaa“, lengva atspėti.
passphrase-warning-repeated-groups = Pasikartojimus, tokius kaip „abcabcabc“, atspėti tik šiek tiek sunkiau nei „abc“.
passphrase-warning-top = Tai vienas dažniausių slaptažodžių.
passphrase-warning-common = Tai labai dažnas slaptažodis.
passphrase-warning-similar = Tai panašu į dažnai naudojamą slaptažodį.
passphrase-warning-sequences = Sekas, tokias kaip abc ar 6543, lengva atspėti.
passphrase-warning-years = Pastaruosius metus lengva atspėti.
passphrase-warning-one-word = Vieną žodį lengva atspėti.
passphrase-warning-dates = Datas dažnai lengva atspėti.
passphrase-warning-names = Vardus ir pavardes lengva atspėti.

# Užrakinimas ar uždarymas laukia darbo, kuris naudoja saugyklą.
lock-waits-export = Saugykla bus užrakinta, kai baigsis eksportas.
lock-waits-import = Saugykla bus užrakinta, kai baigsis importas.
quit-waits-export = Programa užsidarys, kai baigsis eksportas.
quit-waits-import = Programa užsidarys, kai baigsis importas.
lock-waits-work = Saugykla bus užrakinta, kai baigsis dabartinis darbas.
quit-waits-work = Programa užsidarys, kai baigsis dabartinis darbas.
lock-waits-destroy = Saugykla bus užrakinta, kai baigsis naikinimas.
quit-waits-destroy = Programa užsidarys, kai baigsis naikinimas.
quit-waits-passphrase = Programa užsidarys, kai bus baigta keisti slaptafrazę.
unlock-auto-backup-closing = Rašoma automatinė atsarginė kopija, tada programa užsidarys…
unlock-draft-keeping = Neišsaugoti pakeitimai saugomi saugykloje…
unlock-draft-keeping-closing = Neišsaugoti pakeitimai saugomi saugykloje, tada programa užsidarys…
editor-problem-at = { $field } ({ $section }): { $problem }
editor-draft-restored = Tai pakeitimai, kurie liko neišsaugoti, kai saugykla buvo užrakinta. Išsaugokite juos arba grįžkite ir atsisakykite jų.
editor-draft-restored-changed-since = Tai pakeitimai, kurie liko neišsaugoti, kai saugykla buvo užrakinta, tačiau byla nuo to laiko buvo išsaugota dar kartą ({ $officer }, { $when }). Išsaugojus ta versija bus pakeista tuo, ką matote čia; norėdami ją palikti, grįžkite ir atsisakykite šių pakeitimų.
unlock-draft-kept = Neišsaugoti pakeitimai laikomi saugykloje; jie vėl atsivers kitą kartą atrakinus.
unlock-draft-failed = Neišsaugotų pakeitimų išlaikyti nepavyko: { $error }

## Statistika: eilučių tvarka (pridėta dėl 21 užduoties)
stats-order = Tvarka
stats-order-by-label = Pagal pavadinimą
stats-order-by-count = Pagal skaičių, nuo didžiausio

## Nustatymai: saugyklos sunaikinimas (pridėta dėl 16 užduoties)
destroy-heading = Pavojinga zona: sunaikinti šią saugyklą
destroy-hint = Evakuacijai: per maždaug sekundę padaro šią saugyklą neperskaitomą, tada ištrina jos failus. To atšaukti neįmanoma.
destroy-start = Sunaikinti šią saugyklą…
destroy-what-happens = Pirmiausia perrašomi šios saugyklos raktai: nuo tos akimirkos jos neatidaro nė vieno pareigūno slaptafrazė. Tada perrašoma ir ištrinama jos duomenų bazė (visos bylos, juodraščiai ir audito įrašai).
destroy-backups = Šios misijos automatinės atsarginės kopijos aplanke { $folder } taip pat perrašomos ir ištrinamos.
destroy-no-auto-backups = Automatinės atsarginės kopijos išjungtos: naikinti nėra ko.
destroy-hand-backups = Rankiniu būdu padarytų atsarginių kopijų saugykla nežino: sunaikinkite jas patys.
destroy-last-export = Paskutinis eksportas padarytas { $when }. Komisija kol kas negali patvirtinti, kad jį gavo: prieš naikindami saugyklą įsitikinkite, kad jis pasiekė komisiją.
destroy-unexported-withdrawals = Sutikimo atšaukimų, užregistruotų sutrumpintoms byloms, bet niekada nesiųstų komisijai: { $count }. Komisija ir toliau saugos tų asmenų identifikuojančius duomenis, o pranešti jai nebeliks kaip. Jei galite, pirmiausia eksportuokite.
destroy-unexported = Bylų: { $cases }, ištrynimų: { $erasures } – jų pakeitimai niekada nesiųsti komisijai ir prarandami kartu su saugykla.
destroy-type-code = Patvirtinkite įvesdami misijos kodą ({ $code }):
destroy-confirm = Sunaikinti negrįžtamai
destroy-code-mismatch = Tai ne šios saugyklos misijos kodas: niekas nesunaikinta.
destroy-running = Naikinama… Pirmiausia raktai; tada perrašomi failai, o didelei saugyklai tai užtrunka ilgiau.
destroy-done = Ši saugykla sunaikinta: jos nebeatidaro jokia slaptafrazė, perrašyta ir ištrinta failų: { $files }.
destroy-not-reached = Nepasiekta, todėl jų kopijos dar yra: { $places }. Kai jas bus galima pasiekti, šiam saugyklos aplankui paleiskite „casebook destroy --backups APLANKAS“ (slaptafrazės nereikia).
destroy-done-partly = Saugykla sunaikinta tiek, kiek pavyko: perrašyta ir ištrinta failų: { $files }.
destroy-keys-not-destroyed = Kai kurių failų su raktais nepavyko perrašyti, todėl slaptafrazė dar gali juos atidaryti: { $places }. Ištrinkite juos rankiniu būdu arba šiam saugyklos aplankui paleiskite „casebook destroy“.
destroy-not-overwritten = Ištrinta neperrašius: { $places }.
error-destroyed = Ši saugykla sunaikinta: nieko joje nebegalima atidaryti. Jei jos failų liko, „casebook destroy“ šiam saugyklos aplankui juos ištrina.

## Komisijos ekranas „Atstovybės“
nav-missions = Atstovybės
missions-title = Atstovybės
missions-loading = Skaitomos atstovybės…
missions-search = Ieškoti pagal kodą, pavadinimą ar rakto kontrolinį kodą
missions-hint = Rikiuokite spustelėdami antraštę arba paspaudę jos numerį (1–8); dar kartą – atvirkščiai. ↑ ir ↓ – pasirinkti atstovybę, R – pakeisti jos raktą, V – jį panaikinti; Ctrl+Shift+M atveria šį ekraną. Tab – į tylos dienų lauką žemiau, Enter – išsaugoti (tas pats nustatymas kaip casebook missions --silent-after DIENOS).
missions-none = Atstovybių dar nėra. Atstovybė užregistruojama, kai importuojamas pirmasis jos eksportas.
missions-no-match = Nė viena atstovybė neatitinka.
missions-column-code = Kodas
missions-column-name = Pavadinimas
missions-column-key = Rakto kontrolinis kodas
missions-column-status = Raktas
missions-column-last-export = Paskutinis eksportas
missions-column-missing = Trūksta
missions-column-cases = Bylos
missions-column-silence = Paskutinis failas
missions-status-approved = patvirtintas
missions-status-phone = patvirtintas (telefonu)
missions-status-rotation = patvirtintas (rotacija)
missions-status-revoked = panaikintas
missions-awaiting-file = failo dar nėra
missions-days = prieš { $days } d.
missions-today = šiandien
missions-silent = tyli
missions-replace = Pakeisti raktą…
missions-revoke = Panaikinti…
missions-replace-title = Pakeisti atstovybės { $code } raktą
missions-replace-hint = Kai saugykla sukurta iš naujo arba naujas nešiojamasis kompiuteris. Paprašykite atstovybės telefonu perskaityti naujo rakto kontrolinį kodą (ekranas „Eksportas“) ir įveskite jį čia. Kitas šiuo raktu pasirašytas failas bus importuotas; senuoju raktu pasirašyti failai nuo šiol atmetami, išskyrus jau importuotus. Atstovybės bylos lieka jos.
missions-fingerprint = Naujo rakto kontrolinis kodas (32 šešioliktainiai skaitmenys)
missions-revoke-title = Panaikinti atstovybės { $code } raktą
missions-revoke-hint = Kai nešiojamasis kompiuteris pavogtas arba pamestas. Šiuo raktu pasirašyti failai nuo šiol atmetami. Jei atstovybė iki vagystės padarė eksportų, kurie dar neatkeliavo, nurodykite paskutinio jų numerį: eksportai iki jo dar bus priimti. Po to naują atstovybės raktą patvirtinkite mygtuku „Pakeisti raktą…“.
missions-after = Dar priimti eksportus iki numerio (neprivaloma)
missions-type-code = Patvirtinkite įvesdami atstovybės kodą { $code }:
missions-replace-confirm = Pakeisti raktą
missions-replace-current = Dabartinis raktas: { $fingerprint } – { $status }.
missions-revoke-current = Naikinamas raktas: { $fingerprint }. Paskutinis gautas eksportas: { $last }.
missions-revoke-window = Nurodžius { $after }: eksportai { $numbers } dar bus priimti, jei atkeliaus; visi kiti šio rakto failai atmetami.
missions-revoke-window-none = Nurodžius { $after }: nebus priimtas joks eksportas (visi iki jo jau gauti).
missions-revoke-confirm = Panaikinti raktą
missions-cancel = Atšaukti
missions-replaced = Atstovybės { $code } raktas pakeistas: patvirtintas { $fingerprint }; kitas juo pasirašytas failas bus importuotas.
missions-revoked = Atstovybės { $code } raktas panaikintas { $date }; jo failai atmetami.
missions-silent-after = Atstovybę laikyti tylinčia, jei
missions-silent-after-days = d. negauta jokio failo
missions-silent-after-save = Išsaugoti (Enter)
missions-silent-after-saved = Nuo šiol atstovybė laikoma tylinčia, jei { $days } d. negauta jokio failo.
missions-silent-after-invalid = Įrašykite dienų skaičių nuo 1 iki 3650.
unlock-officer-name = Jūsų vardas ir pavardė
unlock-wrong-name-or-passphrase = Neteisingas vardas arba slaptafrazė. Patikrinkite, kaip parašėte vardą, „Caps Lock“ ir klaviatūros kalbą, tada bandykite dar kartą.
settings-change-passphrase-whose = Keičiama tik prisijungusio pareigūno ({ $name }) slaptafrazė: kitų pareigūnų slaptafrazės nesikeičia. Saugykla iš naujo šifruojama nauju raktu.
officers-heading = Pareigūnai
officers-hint = Kiekvienas pareigūnas šią saugyklą atrakina savo slaptafraze, o kiekvienas pakeitimas įrašomas jo vardu.
officers-signed-in = prisijungta šiuo vardu
officers-last = Paskutinio pareigūno pašalinti negalima
officers-not-yourself = Savęs pašalinti negalite: tai turi padaryti kitas pareigūnas
officers-remove = Pašalinti…
officers-add = Pridėti pareigūną…
officers-add-intro = Naujas pareigūnas čia, šiame kompiuteryje, įveda savo vardą ir savo slaptafrazę. Niekam kitam jos žinoti nereikia.
officers-new-name = Jo vardas ir pavardė
officers-new-passphrase = Jo slaptafrazė (lengviausia įsiminti kelis nesusijusius žodžius)
officers-add-button = Pridėti pareigūną
officers-need-name = Įveskite naujo pareigūno vardą.
officers-name-taken = Pareigūnas tokiu vardu šioje saugykloje jau yra.
officers-adding = Pridedamas pareigūnas { $name }: slaptafrazės apsauga užtrunka kelias sekundes…
officers-added = Pridėtas pareigūnas: { $name }. Jis atrakina savo vardu ir savo slaptafraze.
officers-remove-title = Pašalinti pareigūną { $name }?
officers-remove-what = Jo slaptafrazė šios saugyklos nebeatidarys: visa saugykla iš naujo šifruojama nauju raktu, o tai užtrunka maždaug tiek, kiek atsarginė kopija. Jam priklausančios bylos lieka jo, kol perduodamos kitam pareigūnui. Anksčiau padarytos atsarginės kopijos ir toliau atsidaro jo slaptafraze.
officers-remove-type = Patvirtinkite įvesdami jo vardą:
officers-remove-confirm = Pašalinti galutinai
officers-confirm-mismatch = Tai ne šalinamo pareigūno vardas: niekas nepašalinta.
officers-removing = Šalinamas pareigūnas { $name }: saugykla iš naujo šifruojama nauju raktu…
officers-removed = Pašalintas pareigūnas: { $name }. Jo slaptafrazė šios saugyklos nebeatidaro.
officers-saving = Įrašoma…
officers-hide-list = Atrakinant nerodyti pareigūnų sąrašo
officers-hide-list-hint = Tada kiekvienas pareigūnas įveda savo vardą, o neteisingas vardas vadinamas neteisinga slaptafraze. Vardai vis tiek lieka nešifruoti saugyklos antraštės faile: jie nerodomi ekrane, bet lieka diske.
## Dokumentai (pridėta pagal 18 užduotį)
document-confidential = KONFIDENCIALU
document-page-of = Puslapis { $page } iš { $pages }
document-summary-title = Bylos santrauka
document-yes = Taip
document-no = Ne
document-revision = Versija
document-created = Sukurta
document-updated = Paskutinį kartą keista
document-owner = Atsakingas pareigūnas
document-redacted = Perduota be sutikimo atskleisti tapatybę
document-birth-year = Gimimo metai
document-age-at-first-contact = Amžius pirmo kontakto metu
document-observed = Pastebėta
document-country = Šalis
document-reflection-period = Apmąstymo ir atsigavimo laikotarpis
document-referral-reason = Priežastis
document-officer = Pareigūnas
document-origin-mission = Bylą pradėjusi misija
document-synthetic = Sintetinė mokomoji byla, ne tikras asmuo
document-training = SINTETINĖ – MOKYMAMS
document-unshown = Kai kurių rašmenų šio dokumento šriftas neturi; jie užrašyti Unicode kodais laužtiniuose skliaustuose, pvz., [U+0645].
document-error-folder = { $path } yra aplankas; pasirinkite failo pavadinimą.
document-error-exists = { $path } jau yra; pasirinkite kitą pavadinimą.
document-error-write = nepavyko įrašyti { $path }: { $detail }
document-error-make = dokumento sukurti nepavyko ({ $detail }).
document-referral-title = Nukreipimas
document-referral-place = Vieta
document-referral-languages = Kalbos
document-referral-identity-shared = Asmuo sutinka, kad jūsų organizacija gautų jo vardą, pavardę, telefono numerį ir el. pašto adresą; jie nurodyti toliau. Jo gimimo data, asmens dokumentas ir buvimo vieta neperduodami.
document-referral-identity-withheld = Asmuo nesutiko, kad jo vardas, pavardė, telefono numeris ar el. pašto adresas būtų perduoti jūsų organizacijai; šiame rašte jų nėra, kaip ir jo gimimo datos, asmens dokumento ar buvimo vietos. Su asmeniu jus susies atstovybė.
document-referral-directory-ambiguous = Organizacijų sąraše yra kelios organizacijos tokiu pavadinimu, o šiame rašte nenurodyta, kuriai jis skirtas, todėl nė vienos adresas nepateiktas. Tinkamos organizacijos adresą, telefoną ir el. paštą pareigūnas įrašo ranka.
document-error-no-referral = byloje nėra nukreipimo { $number } (jų yra { $count }).
vocab-ReferralReason-AdditionalServicesRequired = Reikia kitų paslaugų
vocab-ReferralReason-MigrationOrChangeOfLocation = Išvyksta ar keičia gyvenamąją vietą
vocab-ReferralReason-Other = Kita
editor-summary = Bylos santrauka (PDF)…
editor-summary-writing = Bylos santrauka išsaugoma…
editor-summary-written = Bylos santrauka išsaugota: { $path }.
editor-summary-failed = Bylos santraukos išsaugoti nepavyko: { $error }

## Komisijos metinė ataskaita (`casebook report`, Statistika → Metinė ataskaita…)

report-title = Metinė ataskaita už { $year } m.
report-total = Iš viso
report-cases = Bylos
report-fewer-than = mažiau nei { $min }
report-left-out = Neįtraukta: asmenų, atsisakiusių anoniminės statistikos, bylos – { $refused }; sintetinės (mokomosios) bylos – { $synthetic }.
report-counted-despite-refusal = Įtraukta, nors asmuo atsisakė anoniminės statistikos (komisijos nuostata): bylos – { $count }.
report-hidden = Paslėpti skaičiai (c), mažesni nei { $min } arba iš kurių būtų galima atkurti tokį: { $count }.
report-none-hidden = Nė vienas skaičius nepaslėptas.
report-conservative = Lentelė per didelė patikrinti, todėl paslėpta daugiau skaičių nei būtina.
report-scope-all = visos atstovybės
report-scope-mission = atstovybė { $mission }
report-files-received = Gauta failų { $year } m.
report-exports-missing = Iki { $date } negauti eksportai
report-silent = Visus { $year } m. tylėjusios atstovybės: { $missions }.
report-silent-none = Nė viena atstovybė netylėjo visus { $year } m.
report-missions-none = Ši saugykla negauna failų iš atstovybių.
report-no-previous-year = Šioje saugykloje nesuskaičiuota nė vienos { $year } m. aukos: nėra su kuo palyginti.
report-button = Metinė ataskaita…
report-year = Metai
report-language = Kalba
report-write = Išsaugoti ataskaitą…
report-making = Rengiama ataskaita…
report-saved = { $year } m. metinė ataskaita išsaugota: { $path }.
report-failed = Metinės ataskaitos nepavyko parengti: { $detail }
report-every-mission = Ataskaita apima visų atstovybių bylas: aukščiau pasirinkta atstovybė netaikoma (vienos atstovybės ataskaita greta nacionalinės leistų skaitytojui atimti).
report-year-invalid = Ataskaita apima praėjusius arba šiuos metus, pavyzdžiui, { $year }.
editor-documents = Dokumentai…
editor-documents-close = Uždaryti
editor-letter = Nukreipimo raštas { $number }: { $organisation } (PDF)…
editor-letter-writing = Nukreipimo raštas išsaugomas…
editor-letter-written = Nukreipimo raštas išsaugotas: { $path }.
editor-letter-failed = Nukreipimo rašto išsaugoti nepavyko: { $error }
editor-letter-case-changed = Kol buvo atvertas išsaugojimo langas, atvejis buvo vėl išsaugotas ir jo nukreipimai galėjo pasikeisti: raštas neparašytas. Paprašykite rašto dar kartą.
editor-share-identity = Perduoti vardą, telefoną, el. paštą
editor-share-identity-agreed = Asmuo sutinka perduoti savo vardą, telefoną ir el. paštą
hint-organisation-search = Pavadinimas arba paieška sąraše pagal pavadinimą, miestą ar paslaugą
editor-stub-withdraw = Sutikimas atšauktas…
editor-stub-withdraw-confirm = Ar bylos { $reference } (pirmasis kontaktas { $opened }, paskutinis kontaktas { $last }) asmuo atšaukė sutikimą perduoti komisijai jį identifikuojančius duomenis? Kitas eksportas nurodys komisijai visam laikui pašalinti iš jos įrašo asmens vardą, kontaktus, vietas ir visus tekstus. Iki to eksporto tai galima panaikinti čia; po eksporto to nebepakeisite, ir niekur nebeliks jokio įrašo apie asmens tapatybę: ši atstovybė saugo tik sutrumpintą bylą.
editor-stub-withdraw-yes = Sutikimas atšauktas
editor-stub-withdraw-no = Ne, grįžti
editor-stub-withdrawn = Sutikimo atšaukimas užregistruotas { $date }: kitas eksportas nurodys komisijai pašalinti iš jos įrašo asmenį identifikuojančius duomenis.
editor-stub-retract = Sutikimas vis dėlto neatšauktas (panaikinti)
editor-stub-withdrawn-exported = Tai jau eksportuota: komisija pašalina identifikuojančius duomenis iš savo įrašo, ir to nebepakeisite.
