# Casebook — English

## Navigation
nav-cases = Cases
nav-settings = Settings
nav-lock = Lock

## Common
button-choose-file = Choose file…
filter-any = Any
not-recorded = Not recorded

## First run
first-run-title = Create your vault
first-run-intro = Casebook keeps every case encrypted on this computer. Say who the vault belongs to and choose a passphrase that only you know. Without it nobody, not even an administrator, can open the vault.
first-run-role = This vault belongs to
role-mission = A mission (embassy or consulate)
role-commission = The national commission
first-run-mission-code = Mission code (for example LT-LON)
first-run-mission-name = Mission name
first-run-officer = Your name
first-run-passphrase = Passphrase (several unrelated words are easiest to remember)
first-run-repeat = Type the passphrase again
first-run-commission-key = The commission's public key
first-run-commission-key-hint = Paste the key (age1…) or the path of its file
first-run-commission-key-later = You can also add it later; exports need it.
first-run-create = Create vault
first-run-busy = Creating the vault and tuning the encryption to this computer…
first-run-need-mission = Enter the mission's code and name.
first-run-need-officer = Enter your name.
first-run-weak = The passphrase is too easy to guess: use at least 12 characters, better several unrelated words.
first-run-mismatch = The two passphrases are not the same.
strength-0 = Strength: very weak
strength-1 = Strength: weak
strength-2 = Strength: fair
strength-3 = Strength: strong
strength-4 = Strength: very strong

## Unlock
unlock-title = The vault is locked
unlock-owner = Vault of { $officer }, { $mission }
unlock-passphrase = Passphrase
unlock-button = Unlock
unlock-busy = Unlocking…
unlock-hint = Press Enter to unlock.
unlock-wait = Too many wrong passphrases. Try again in { $seconds } s.

## Errors
error-wrong-passphrase = Wrong passphrase. Check Caps Lock and the keyboard language, then try again.
error-open-elsewhere = The vault is open in another Casebook window. Close it there first.
error-newer-vault = This vault was made by a newer version of Casebook. Install the newer version to open it.
error-damaged = The vault is damaged. Nothing was changed; restore it from a backup.
error-disk-full = The disk is full. Nothing was saved; free some space and try again.
error-no-vault = There is no vault here.
error-weak-passphrase = The new passphrase is too easy to guess.
error-other = Something went wrong: { $detail }

## Case list
cases-all = All cases
cases-due = Follow-ups due
cases-discreet = Discreet mode (initials only)
cases-new = New case
cases-search = Search names, references, places, notes…
cases-count = { $first }–{ $last } of { $total } cases
cases-found = { $count } found
cases-previous = Previous
cases-next = Next
cases-empty = No cases yet. Press Ctrl+N to record a first contact.
cases-none-match = No case matches.
column-reference = Reference
column-name = Name
column-first-contact = First contact
column-status = Status
column-trafficking-status = Trafficking status
column-next-due = Next action due
column-updated = Last update

## Editor
editor-new-case = New case
editor-revision = revision { $revision }
editor-back = Back
editor-save = Save
editor-saving = Saving…
editor-erase = Erase case
editor-erase-confirm = Erase this case for good? Its content cannot be recovered. A tombstone without any personal data is kept so that the erasure also reaches the commission.
editor-erase-yes = Erase for good
editor-unsaved = This case has unsaved changes.
editor-discard = Discard changes
editor-keep-editing = Keep editing
editor-problems = { $count ->
    [one] One field needs attention before saving.
   *[other] { $count } fields need attention before saving.
}
editor-remove = Remove
editor-add = Add
editor-add-follow-up = Add a follow-up
section-person = Person
section-contact = First contact & consent
section-consent = Consent
section-assessment = Assessment & indicators
section-follow-ups = Follow-ups
section-notes = Notes & retention
indicators-ilo = ILO indicators of forced labour
indicators-specific = Signs specific to a form of exploitation
field-given-name = Given name
field-family-name = Family name
field-pseudonym = The name is a pseudonym
field-birth-date = Birth date
field-gender = Gender
field-citizenship = Citizenship
field-language = Primary language
field-phone = Phone
field-email = E-mail
field-contact-date = Date of first contact
field-channel = How the contact came about
field-contact-place = Place
field-status = Case status
field-share-with-commission = Consents to share identifying data with the commission
field-anonymous-statistics = Consents to use in anonymous statistics
field-trafficking-status = Trafficking status
field-forms = Forms of exploitation
field-country-of-exploitation = Country of exploitation
field-date = Date
field-follow-up-kind = Kind of contact
field-summary = Summary
field-next-action = Next action
field-next-action-due = Next action due
field-notes = Notes
field-erase-after = Erase after
hint-date = YYYY-MM-DD
hint-countries = Country codes, e.g. LT, UA
hint-country = Country code, e.g. GB
hint-language = Language code, e.g. lit
hint-phone = International form, e.g. +447700900123

## Validation
problem-date-format = Write the date as YYYY-MM-DD, for example 2026-11-20.
problem-required = This field is required.
problem-date-in-future = This date is in the future.
problem-date-implausible = This date is too far in the past or the future.
problem-date-after-contact = The birth date must be before the date of first contact.
problem-date-before-birth = This date is before the person's birth date.
problem-date-not-after = This date must come after the one it follows.
problem-unknown-country = Not a country code; use two capital letters, e.g. LT.
problem-unknown-language = Not a language code; use e.g. lit or lt.
problem-duplicate = Listed twice.
problem-phone = Write + and the country code, digits only, e.g. +447700900123.
problem-email = Not an e-mail address (name@example.org).
problem-age = Not a possible age.
problem-too-long = Too long.

## Settings
settings-title = Settings
settings-display = Display
settings-language = Language
settings-dark = Dark theme
settings-security = Security
settings-auto-lock = Lock after { $minutes } min idle
settings-change-passphrase = Change passphrase
settings-current-passphrase = Current passphrase
settings-new-passphrase = New passphrase
settings-passphrase-changed = The passphrase was changed.
settings-backup = Backup
settings-backup-hint = An encrypted copy of the vault; it opens with the current passphrase.
settings-backup-path = Backup file
settings-backup-now = Back up now
settings-backup-done = Backup written to { $path }.

## Vocabularies
vocab-CaseStatus-Active = Active
vocab-CaseStatus-FollowUp = Follow-up
vocab-CaseStatus-Closed = Closed
vocab-CaseStatus-ClosedReferred = Closed, referred
vocab-TraffickingStatus-PossibleVictimOfTrafficking = Possible victim
vocab-TraffickingStatus-ActualVictimOfTrafficking = Identified victim
vocab-TraffickingStatus-NotAVictimOfTrafficking = Not a victim
vocab-Gender-Feminine = Feminine
vocab-Gender-Masculine = Masculine
vocab-Gender-TransgenderFeminine = Transgender feminine
vocab-Gender-TransgenderMasculine = Transgender masculine
vocab-Gender-NonConforming = Non-conforming
vocab-Gender-NonSpecifiedUnknown = Not specified / unknown
vocab-ContactChannel-WalkIn = Walk-in at the mission
vocab-ContactChannel-Phone = Phone call
vocab-ContactChannel-EmailOrMessage = E-mail or message
vocab-ContactChannel-ReferralByPolice = Referred by police
vocab-ContactChannel-ReferralByNgo = Referred by an NGO
vocab-ContactChannel-ReferralByEmployer = Referred by an employer
vocab-ContactChannel-ReferralByFamily = Referred by family
vocab-ContactChannel-ReferralOther = Referred by someone else
vocab-ContactChannel-ConsularVisitInDetention = Consular visit in detention
vocab-ContactChannel-Outreach = Outreach
vocab-FollowUpKind-Phone = Phone
vocab-FollowUpKind-InPerson = In person
vocab-FollowUpKind-EmailOrMessage = E-mail or message
vocab-FollowUpKind-VisitToShelter = Visit to the shelter
vocab-FollowUpKind-ContactWithPartnerOrganisation = Contact with a partner organisation
vocab-FollowUpKind-Other = Other
vocab-ExploitationType-ForcedLabour = Forced labour
vocab-ExploitationType-SexualExploitation = Sexual exploitation
vocab-ExploitationType-ChildLabour = Child labour
vocab-ExploitationType-ForcedMarriage = Forced marriage
vocab-ExploitationType-Servitude = Servitude
vocab-ExploitationType-ForcedMilitaryByNonStateActors = Forced military service (non-state actors)
vocab-ExploitationType-OrganRemoval = Organ removal
vocab-ExploitationType-ForcedBegging = Forced begging
vocab-ExploitationType-ForcedAdoption = Forced adoption
vocab-ExploitationType-Surrogacy = Surrogacy
vocab-ExploitationType-Other = Other
vocab-Indicator-AbuseOfVulnerability = Abuse of vulnerability
vocab-Indicator-Deception = Deception
vocab-Indicator-RestrictionOfMovement = Restriction of movement
vocab-Indicator-Isolation = Isolation
vocab-Indicator-PhysicalAndSexualViolence = Physical and sexual violence
vocab-Indicator-IntimidationAndThreats = Intimidation and threats
vocab-Indicator-RetentionOfIdentityDocuments = Retention of identity documents
vocab-Indicator-WithholdingOfWages = Withholding of wages
vocab-Indicator-DebtBondage = Debt bondage
vocab-Indicator-AbusiveWorkingAndLivingConditions = Abusive working and living conditions
vocab-Indicator-ExcessiveOvertime = Excessive overtime
vocab-Indicator-SexualMovedBetweenPlaces = Sexual exploitation: moved between places
vocab-Indicator-SexualEarningsTakenByOthers = Sexual exploitation: earnings taken by others
vocab-Indicator-SexualAdvertisedOnline = Sexual exploitation: advertised online
vocab-Indicator-SexualCannotRefuseClients = Sexual exploitation: cannot refuse clients
vocab-Indicator-SexualLivesAtPlaceOfWork = Sexual exploitation: lives where they work
vocab-Indicator-LabourNoContractOrFalseContract = Labour: no contract or a false one
vocab-Indicator-LabourRecruitmentFeesOwed = Labour: owes recruitment fees
vocab-Indicator-LabourLivesAtWorkplaceOrProvidedHousing = Labour: lives at the workplace or in housing provided
vocab-Indicator-LabourNoProtectiveEquipment = Labour: no protective equipment
vocab-Indicator-LabourTransportedToWorkByEmployer = Labour: transported to work by the employer
vocab-Indicator-BeggingHandsOverTakings = Begging: hands over the takings
vocab-Indicator-BeggingSupervisedInGroups = Begging: supervised, in groups
vocab-Indicator-CriminalityForcedToCommitOffences = Criminality: forced to commit offences
vocab-Indicator-CriminalityPunishedForLowTakings = Criminality: punished for low takings
