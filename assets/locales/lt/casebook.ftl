# Casebook — lietuvių kalba

## Navigacija
nav-cases = Bylos
nav-settings = Nustatymai
nav-lock = Užrakinti

## Bendra
button-choose-file = Pasirinkti failą…
filter-any = Visi
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
unlock-passphrase = Slaptafrazė
unlock-button = Atrakinti
unlock-busy = Atrakinama…
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
error-other = Įvyko klaida: { $detail }

## Bylų sąrašas
cases-all = Visos bylos
cases-due = Laukiantys veiksmai
cases-discreet = Diskretiškas režimas (tik inicialai)
cases-new = Nauja byla
cases-search = Ieškoti vardų, numerių, vietų, pastabų…
cases-count = { $first }–{ $last } iš { $total } bylų
cases-found = Rasta: { $count }
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

## Redaktorius
editor-new-case = Nauja byla
editor-revision = { $revision } versija
editor-back = Atgal
editor-save = Išsaugoti
editor-saving = Saugoma…
editor-erase = Ištrinti bylą
editor-erase-confirm = Ištrinti šią bylą visam laikui? Jos turinio atkurti nebus galima. Paliekamas tik įrašas be jokių asmens duomenų, kad ištrynimas pasiektų ir komisiją.
editor-erase-yes = Ištrinti visam laikui
editor-unsaved = Šioje byloje yra neišsaugotų pakeitimų.
editor-discard = Atmesti pakeitimus
editor-keep-editing = Tęsti redagavimą
editor-problems = { $count ->
    [one] Prieš išsaugant reikia patikslinti { $count } laukelį.
    [few] Prieš išsaugant reikia patikslinti { $count } laukelius.
   *[other] Prieš išsaugant reikia patikslinti { $count } laukelių.
}
editor-remove = Pašalinti
editor-add = Pridėti
editor-add-follow-up = Pridėti tolesnį veiksmą
section-person = Asmuo
section-contact = Pirmas kontaktas ir sutikimas
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
field-language = Gimtoji kalba
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
hint-language = Kalbos kodas, pvz., lit
hint-phone = Tarptautiniu formatu, pvz., +447700900123

## Tikrinimas
problem-date-format = Datą rašykite formatu MMMM-MM-DD, pavyzdžiui, 2026-11-20.
problem-required = Šis laukelis privalomas.
problem-date-in-future = Ši data yra ateityje.
problem-date-implausible = Ši data per toli praeityje arba ateityje.
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
settings-backup = Atsarginė kopija
settings-backup-hint = Užšifruota saugyklos kopija; ji atidaroma dabartine slaptafraze.
settings-backup-path = Atsarginės kopijos failas
settings-backup-now = Sukurti kopiją dabar
settings-backup-done = Atsarginė kopija įrašyta: { $path }.

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
vocab-ContactChannel-Outreach = Lauko darbas
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
vocab-ExploitationType-Servitude = Vergovė
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
