# Casebook — English

## Navigation
nav-cases = Cases
nav-settings = Settings
nav-lock = Lock

## Common
button-choose-file = Choose file…
button-cancel = Cancel
filter-any = any
filter-form = Form of exploitation
filter-status-any = { column-status }: { filter-any }
filter-trafficking-status-any = { column-trafficking-status }: { filter-any }
filter-form-any = { filter-form }: { filter-any }
filter-status-set = { column-status }: { $value }
filter-trafficking-status-set = { column-trafficking-status }: { $value }
filter-form-set = { filter-form }: { $value }
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
first-run-bad-mission-code = The mission's code must be two capital letters, a hyphen and 2 to 8 capital letters or digits, like LT-LON.
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
unlock-mission = Vault of { $mission }
unlock-officer = Officer signing in
unlock-officer-choose = Choose your name
unlock-passphrase = Passphrase
unlock-show-passphrase = Show passphrase
unlock-hide-passphrase = Hide passphrase
unlock-show-passphrase-key = Show what is typed (Ctrl+H)
unlock-hide-passphrase-key = Hide what is typed (Ctrl+H)
unlock-button = Unlock
unlock-restore = Restore from a backup…
unlock-restore-confirm = Replace the damaged vault by the backup { $file }? Changes made since that backup are not in it. The damaged files are not deleted: they are kept in a folder beside the restored vault.
unlock-restore-button = Restore
unlock-restored = Restored. Unlock with the passphrase that was in use when the backup was made. The files of the vault it replaced are kept in { $folder }.
unlock-busy = Unlocking…
unlock-busy-long = Still unlocking. The first unlock after an update can take a few minutes for a large vault, while its storage is brought up to date.
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
error-reopen-after-passphrase-change = The passphrase was changed, but the vault could not be opened again with it, so it was locked. Unlock it with the new passphrase.
error-kdf-memory = This vault's header asks for more memory than this machine has ({ $asked } MiB to unlock, { $limit } MiB here). If the vault was made on this machine, its header was altered: restore the vault from a backup.
error-kdf-memory-short = This machine has too little free memory just now to unlock the vault ({ $asked } MiB needed, { $available } MiB free). Close other programs and try again.
error-header-changed = The vault's key file (vault.json) was changed by something else while the vault was open. Nothing was changed. Lock the vault; if it then no longer opens, restore it from a backup.
error-other = Something went wrong: { $detail }

## Case list
cases-all = All cases
cases-due = Follow-ups due
cases-due-count = { cases-due } ({ $count })
cases-due-count-more = { cases-due } ({ $count }+)
cases-clear-filters = Clear filters
cases-filters-not-on-search = Filters apply to the whole list, not to a search.
cases-filters-not-on-due = Filters apply to the whole list, not to the follow-ups due.
cases-overdue = overdue
cases-name-withheld = withheld
cases-stub = Stub (commission)
erase-due-open = Erasures due…
erase-due-title = Cases past their erase-after date
erase-due-reading = Reading the cases…
erase-due-none = No case is past its erase-after date.
erase-due-line = { $reference } (erase after { $date })
erase-due-confirm = { $count } cases are past their erase-after date. Erasing them deletes their content for good; a tombstone without personal data is kept for each, so the erasure reaches the commission.
erase-due-erase = Erase { $count } cases
erase-due-erased = { $count } cases erased.
erase-due-close = Close
cases-order-newest = Newest first
cases-order-oldest = Oldest first
cases-order-a-z = A to Z
cases-order-z-a = Z to A
cases-order-active-first = Active first, closed last
cases-order-closed-first = Closed first, active last
cases-order-earliest = Earliest date first
cases-discreet = Discreet mode (initials only)
cases-new = New case
cases-search = Search names, references, places, notes…
cases-count = { $first }–{ $last } of { $total } { PLURAL($total) ->
    [one] case
   *[other] cases
}
cases-count-more = { $first }–{ $last } of more than { $total } cases
cases-found = { $count } found
cases-found-more = More than { $count } found; type more to narrow the search
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
column-owner = Owner
cases-mine = My cases
cases-mine-hint = Only the cases you own (Ctrl+M)
cases-handed-over = { PLURAL($count) ->
    [one] { $count } case was handed over to you.
   *[other] { $count } cases were handed over to you.
}
cases-handed-over-hint = They are listed here first until you open them.
cases-handed-over-seen = Mark as seen
cases-reduced-at-unlock = { PLURAL($count) ->
    [one] { $count } closed case is now held by the commission only: this unlock reduced it to a stub (reference, dates and statuses), as the setting under Settings asks.
   *[other] { $count } closed cases are now held by the commission only: this unlock reduced them to stubs (reference, dates and statuses), as the setting under Settings asks.
}
cases-reduced-at-unlock-dismiss = Dismiss
cases-unbacked-key = Exports are blocked: this mission's signing key was replaced and no backup holds the new key yet. Write a backup now: Settings → Backup, Back up now. Exports work again once it is written.
cases-unbacked-key-open = Open Settings
cases-handover-selected-none = Hand over ticked cases…
cases-handover-selected = Hand over ticked cases ({ $count })…
cases-handover-mine = Hand over all my open cases…
cases-handover-title = Hand over cases
cases-handover-what-selected = Cases ticked in the list: { $count }
cases-handover-what-mine = Your open cases: { $count }
cases-handover-to = To the officer
cases-handover-no-other = This vault has no other officer to hand cases over to.
cases-handover-nothing = There is no open case to hand over.
cases-handover-note = Handover note (kept with each case, inside the vault)
cases-handover-note-placeholder = What the next officer should know
cases-handover-next = Continue
cases-handover-cancel = Cancel
cases-handover-back = Back
cases-handover-do = Hand over
cases-handover-working = Handing over…
cases-handover-note-full = A note holds at most { $count } characters: what was typed past that was not taken.
cases-handover-theirs = These cases are { $officer }'s already: there is nothing to hand over.
cases-handover-confirm = { PLURAL($count) ->
    [one] Hand over { $count } case to { $officer }?
   *[other] Hand over { $count } cases to { $officer }?
}
cases-handover-confirm-hint = The note stays in each case's history. { $officer } sees the cases first at their next unlock.
cases-handover-done = { PLURAL($count) ->
    [one] { $count } case was handed over to { $officer }.
   *[other] { $count } cases were handed over to { $officer }.
}

## Editor
editor-new-case = New case
editor-revision = revision { $revision }
editor-owner = Owner: { $officer }
editor-handovers = Handovers
editor-handover = { $date }: from { $from } to { $to }, by { $by }
editor-back = Back
editor-save = Save
editor-saving = Saving…
editor-erase = Erase case
editor-read-only = This case comes from mission { $mission }. It is shown here as the mission last exported it and changes only through its next export.
editor-stub-title = Held by the commission
editor-stub-final = A stub cannot be reopened or edited at the mission: if the person comes back, open a new case. Erase removes the stub here and sends the erasure to the commission.
editor-stub-why = This closed case was reduced to a stub: the commission confirmed it holds the full record, so only its reference, dates and statuses are kept here. It cannot be changed. Ask the commission for the record if you need it.
editor-set-aside = The commission's reply of { $date } says it set aside a version of this case: it holds another version with the same revision number. Ask the commission which version it holds before you rely on this one.
editor-redacted = The mission shared this case without the person's consent to identifiable data: names, contact details and free text were removed, dates are shown as months, and the birth date as the age at first contact ({ $age }).
editor-case-too-large = This case is too large to store and send to the commission ({ $size } MB; at most { $max } MB). Shorten the section “{ $part }”, which holds the most of it, for example by removing old follow-ups or shortening long texts.
editor-erase-confirm = Erase this case for good? Its content cannot be recovered. A tombstone without any personal data is kept so that the erasure also reaches the commission.
editor-erase-yes = Erase for good
editor-unsaved = This case has unsaved changes.
editor-discard = Discard changes
editor-keep-editing = Keep editing
editor-problems = { PLURAL($count) ->
    [one] One field needs attention before saving.
   *[other] { $count } fields need attention before saving.
}
editor-remove = Remove
editor-add = Add
editor-add-follow-up = Add a follow-up
editor-no-follow-ups = No follow-ups yet.
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
hint-country-search = Type a country's name or code
hint-country-add = Add a citizenship: type a name or code
hint-language-search = Type a language's name or code
hint-language = Language code, e.g. lit
hint-phone = International form, e.g. +447700900123

## Validation
problem-date-format = Write the date as YYYY-MM-DD, for example 2026-11-20.
problem-required = This field is required.
problem-not-added = Not added to the case yet: press Add, or clear it, before saving.
problem-not-chosen = Not chosen yet: pick one of the matches, or clear the field.
problem-date-in-future = This date is in the future.
problem-date-implausible = This date is too far in the past or the future.
problem-birth-year = The year of birth does not match the birth date.
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
problem-decided-by = For an identified victim, say who identified them: police, NGO, court or prosecution, other government body, or other.
problem-set-by-redaction = Set only when a case is redacted for export; leave it empty.
problem-set-by-stubs = Set only when the mission keeps a closed case as a stub; a stub cannot be added, edited or imported.
problem-case-too-large = The case as a whole is too large to send to the commission.

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
settings-passphrase-changing = Changing the passphrase: the whole vault is being encrypted again with a new key. For a large vault this takes a few minutes.
settings-lock-waits-for-passphrase = The vault will lock once the passphrase change has finished; it cannot lock while the change runs.
settings-stubs = Keeping less at the mission
settings-stubs-hint = Closed cases the commission has confirmed it holds can be kept here as stubs: reference, dates and statuses only. The person, narrative and notes are deleted from this vault (older backups keep them until they rotate). Off by default.
settings-stubs-months = Keep only a stub after (months)
settings-stubs-turn-on = Keep stubs
settings-stubs-turn-off = Keep cases whole
settings-stubs-on = On: closed cases older than { $months } months are kept as stubs once the commission has confirmed them. Stubs kept: { $stubs }.
settings-stubs-confirm = Turning this on reduces { $count } closed cases older than { $months } months to stubs now, and more at each unlock and reply. Their person data, narrative and notes are deleted from this vault for good; the commission keeps the full record.
settings-stubs-confirm-button = Reduce and turn on
settings-stubs-reduced = Stubs are kept: { $count } cases reduced now.
settings-stubs-turned-off = Off: cases are kept whole.
settings-stubs-months-invalid = Give the months as a number from 1 to 600.
settings-backup = Backup
settings-backup-hint = An encrypted copy of the vault; it opens with the current passphrase.
settings-backup-path = Backup file
settings-backup-now = Back up now
settings-backup-done = Backup written to { $path }.
settings-auto-backup = Automatic backups
settings-auto-backup-hint = When the vault is locked or closed after a change, a backup is written into this folder (for example a USB stick kept in the safe); the oldest beyond the number kept are deleted.
settings-auto-backup-folder = Folder for automatic backups
settings-auto-backup-keep = Keep
settings-auto-backup-save = Save
settings-auto-backup-off = Turn off
settings-auto-backup-saved = Automatic backups are on: { $folder }, the newest { $keep } kept.
settings-auto-backup-stopped = Automatic backups are off.
button-choose-folder = Choose folder…
unlock-auto-backup-running = Writing the automatic backup…
unlock-auto-backup-done = Automatic backup written to { $path }.
unlock-auto-backup-failed = The automatic backup could not be written: { $error }
unlock-auto-backup-failed-closing = The automatic backup could not be written: { $error } The window stayed open so that you see this; close it again to quit without the backup.
settings-restore = Restore from a backup
settings-restore-hint = Replaces this vault by a backup. The vault in use now is not deleted: its files are kept in a folder beside the restored one.
settings-restore-choose = Choose a backup…
settings-restore-confirm = Replace this vault by the backup { $file }, made { $made }?
settings-restore-newer = This vault was changed { $changed }, after the backup was made: those changes will not be in the restored vault.
settings-restore-unknown-time = at a time the backup does not record
settings-restore-button = Lock and restore

## Vocabularies
vocab-CaseStatus-Active = Active
vocab-CaseStatus-FollowUp = Follow-up
vocab-CaseStatus-Closed = Closed
vocab-CaseStatus-ClosedReferred = Closed, referred
vocab-TraffickingStatus-PossibleVictimOfTrafficking = Possible victim
vocab-TraffickingStatus-ActualVictimOfTrafficking = Identified victim
vocab-TraffickingStatus-NotAVictimOfTrafficking = Not a victim
vocab-Gender-Feminine = Woman
vocab-Gender-Masculine = Man
vocab-Gender-TransgenderFeminine = Transgender woman
vocab-Gender-TransgenderMasculine = Transgender man
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
vocab-InformedOf-Purpose = Purpose of the interview
vocab-InformedOf-DataUse = Use of the data collected
vocab-InformedOf-ResearchUseOfNonIdentifyingData = Research use of non-identifying data
vocab-InformedOf-RightOfAccess = Right to see their data at any time
vocab-InformedOf-RetentionPeriod = How long the data is kept
vocab-InformedOf-Withdrawal = How to withdraw consent
vocab-ConsentGivenBy-Person = The person
vocab-ConsentGivenBy-ParentOrGuardian = Parent or guardian
vocab-ConsentGivenBy-Other = Someone else
vocab-UrgentNeed-Medical = Medical care
vocab-UrgentNeed-Shelter = Shelter
vocab-UrgentNeed-Safety = Safety
vocab-UrgentNeed-Documents = Documents
vocab-UrgentNeed-Interpretation = Interpretation
vocab-UrgentNeed-Money = Money
vocab-UrgentNeed-ContactWithFamily = Contact with family
section-assistance = Assistance
field-consent-interview = Consents to the interview
field-informed-of = Informed of
field-consent-given-by = Consent given by
field-consent-date = Date of consent
field-urgent-needs = Urgent needs
field-travel-document = Travel document issued
field-return-assisted = Return assisted
section-exploitation = Exploitation
section-referrals = Referrals
field-sexual-exploitation = Type of sexual exploitation
field-labour-industry = Industry (forced labour)
field-recruitment = Methods of recruitment
field-means-of-control = Means of control
field-relationship = Relationship to the trafficker
field-organisation = Organisation
field-organisation-type = Type of organisation
field-share-identity = The person agrees that this organisation receives their name, phone number and e-mail address
field-service = Service
field-outcome = Outcome
editor-add-referral = Add a referral
editor-directory-unreadable = The referral directory stored in this vault could not be read, so it cannot be searched: type the organisation's name. The case and its referrals are not affected. If this stays, restore the vault from a backup.
editor-no-referrals = No referrals yet.
vocab-SexExploitationType-Prostitution = Prostitution
vocab-SexExploitationType-Pornography = Pornography
vocab-SexExploitationType-RemoteInteractiveServices = Remote interactive services
vocab-SexExploitationType-PrivateSexualServices = Private sexual services
vocab-Relationship-Familial = Family member
vocab-Relationship-Acquainted = Acquaintance
vocab-Relationship-Unaquainted = Stranger
vocab-RecruitmentMethod-AtAPlaceOfBusiness = At a place of business
vocab-RecruitmentMethod-AtAnEducationalInstitution = At a school or university
vocab-RecruitmentMethod-AtWork = At work
vocab-RecruitmentMethod-ThroughOnlineSocialNetworks = Through online social networks
vocab-RecruitmentMethod-ThroughAnOnlineAdvertisement = Through an online advertisement
vocab-RecruitmentMethod-ThroughATelevisionAdvert = Through a television advert
vocab-RecruitmentMethod-ThroughANewspaperAdvert = Through a newspaper advert
vocab-RecruitmentMethod-ThroughFamilyOrFamilyEvents = Through family
vocab-RecruitmentMethod-ThroughFriendsOrSocialEvents = Through friends or social events
vocab-RecruitmentMethod-Other = Other
vocab-MeansOfControl-PhysicalThreats = Physical threats
vocab-MeansOfControl-ThreatsLawEnforcement = Threats of the police or deportation
vocab-MeansOfControl-ThreatensChildrenFamily = Threats against children or family
vocab-MeansOfControl-DebtBondage = Debt bondage
vocab-MeansOfControl-FalsePromises = False promises
vocab-MeansOfControl-PhysicalAbuse = Physical abuse
vocab-MeansOfControl-SexualAbuse = Sexual abuse
vocab-MeansOfControl-TakesEarnings = Takes the earnings
vocab-MeansOfControl-RestrictsFinancialAccess = Restricts access to money
vocab-MeansOfControl-RestrictsMedicalCare = Restricts medical care
vocab-MeansOfControl-WithholdsNecessities = Withholds necessities
vocab-MeansOfControl-PsychologicalAbuse = Psychological abuse
vocab-MeansOfControl-PsychoactiveSubstance = Psychoactive substances
vocab-MeansOfControl-ExcessiveWorkingHours = Excessive working hours
vocab-MeansOfControl-WithholdsDocuments = Withholds documents
vocab-MeansOfControl-Other = Other
vocab-OrganisationType-NGO = NGO
vocab-OrganisationType-LawEnforcement = Law enforcement
vocab-OrganisationType-HealthServiceOrganisation = Health service
vocab-OrganisationType-CentralGovernmentOrganisation = Central government
vocab-OrganisationType-LocalGovernmentOrganisation = Local government
vocab-OrganisationType-ImmigrationService = Immigration service
vocab-OrganisationType-LegalService = Legal service
vocab-OrganisationType-CorporateBusiness = Business
vocab-OrganisationType-SchoolOrCollege = School or college
vocab-OrganisationType-LithuanianCommunityOrganisation = Lithuanian community organisation
vocab-OrganisationType-FaithBasedOrganisation = Faith-based organisation
vocab-ReferralService-Shelter = Shelter
vocab-ReferralService-Health = Health
vocab-ReferralService-Psychosocial = Psychosocial support
vocab-ReferralService-Legal = Legal aid
vocab-ReferralService-Police = Police
vocab-ReferralService-Return = Return
vocab-ReferralService-Other = Other
vocab-ReferralOutcome-Referred = Referred
vocab-ReferralOutcome-DeclinedByPerson = Declined by the person
vocab-ReferralOutcome-ServiceUnavailable = Service unavailable
vocab-ReferralOutcome-Completed = Completed
field-estimated-age = Estimated age (if the birth date is unknown)
field-document-type = Identity document
field-document-number = Document number
field-location-city = Current city
field-location-country = Current country
field-closure-reason = Reason for closing
field-decided-by = Status decided by
field-age-trafficked = Age when trafficked
field-events = Trafficking history
field-event-type = Step
field-event-country = Country (ISO code)
field-event-city = City or place
field-event-description = What happened
editor-add-event = Add this step
field-indicator-note = What was observed (optional)
vocab-EventType-Recruitment = Recruitment
vocab-EventType-Transit = Transit
vocab-EventType-Exploitation = Exploitation
problem-number = Write a whole number.
vocab-DocumentType-Passport = Passport
vocab-DocumentType-NationalIdentityCard = National identity card
vocab-DocumentType-ResidencePermit = Residence permit
vocab-DocumentType-EmergencyTravelDocument = Emergency travel document
vocab-DocumentType-DrivingLicence = Driving licence
vocab-DocumentType-Other = Other
vocab-DecisionMaker-Police = Police
vocab-DecisionMaker-NGO = NGO
vocab-DecisionMaker-CourtOrProsecution = Court or prosecution
vocab-DecisionMaker-NonPoliceGovernmentalOrganization = Other government body
vocab-DecisionMaker-Other = Other
vocab-LabourIndustry-A_AgricultureForestryAndFishing = A – Agriculture, forestry and fishing
vocab-LabourIndustry-B_MiningAndQuarrying = B – Mining and quarrying
vocab-LabourIndustry-C_Manufacturing = C – Manufacturing
vocab-LabourIndustry-D_ElectricityGasSteamAndAirConditioningSupply = D – Electricity, gas, steam and air conditioning
vocab-LabourIndustry-E_WaterSupplySewerageWasteManagement = E – Water supply, sewerage and waste management
vocab-LabourIndustry-F_Construction = F – Construction
vocab-LabourIndustry-G_WholesaleAndRetailTradeRepairOfMotorVehicles = G – Wholesale and retail trade; repair of vehicles
vocab-LabourIndustry-H_TransportationAndStorage = H – Transportation and storage
vocab-LabourIndustry-I_AccommodationAndFoodServiceActivities = I – Accommodation and food services
vocab-LabourIndustry-J_InformationAndCommunication = J – Information and communication
vocab-LabourIndustry-K_FinancialAndInsuranceActivities = K – Financial and insurance activities
vocab-LabourIndustry-L_RealEstateActivities = L – Real estate
vocab-LabourIndustry-M_ProfessionalScientificAndTechnicalActivities = M – Professional, scientific and technical activities
vocab-LabourIndustry-N_AdministrativeAndSupportServiceActivities = N – Administrative and support services
vocab-LabourIndustry-O_PublicAdministrationAndDefence = O – Public administration and defence
vocab-LabourIndustry-P_Education = P – Education
vocab-LabourIndustry-Q_HumanHealthAndSocialWorkActivities = Q – Health and social work
vocab-LabourIndustry-R_ArtsEntertainmentAndRecreation = R – Arts, entertainment and recreation
vocab-LabourIndustry-S_OtherServiceActivities = S – Other services
vocab-LabourIndustry-T_ActivitiesOfHouseholdsAsEmployers = T – Households as employers (domestic work)
vocab-LabourIndustry-U_ActivitiesOfExtraterritorialOrganizations = U – Extraterritorial organisations

## Exchange with the commission
nav-export = Export
nav-import = Import
column-file = File
column-mission = Mission and export
column-new = New
column-updated-cases = Updated
column-unchanged = Unchanged
column-erased = Erased
column-conflicts = Conflicts
column-erased-here = Erased here
column-withdrawn = Consent withdrawn
exchange-export-title = Export for the commission
exchange-import-title = Import from missions
exchange-loading = Reading the vault…
exchange-commission-key = Commission key
exchange-fingerprint-hint = Exports are encrypted to this key: only the commission can read them. Compare the fingerprint with the commission by phone once.
exchange-mission-key = This mission's signing key: { $fingerprint }. The commission compares it with you when it approves your first export.
exchange-no-commission-key = The commission's public key is not stored yet, so nothing can be exported. Load the key file the commission sent.
exchange-error-signing-key-unbacked = The mission's signing key was replaced, and no backup holds the new key yet, so nothing is exported. Write a backup first: Settings → Backup, Back up now. Then export again.
exchange-load-key = Load the commission's key…
exchange-key-stored = The commission's key is stored. Its fingerprint: { $fingerprint } — compare it with the commission by phone.
exchange-what-goes = What the export carries
exchange-incremental = Everything new, changed or erased since the last export
exchange-everything = Every case and erasure (a full export)
exchange-counts = { PLURAL($cases) ->
    [one] { $cases } case
   *[other] { $cases } cases
}, { PLURAL($erasures) ->
    [one] { $erasures } erasure
   *[other] { $erasures } erasures
}
exchange-counts-with-withdrawals = { $counts }, { PLURAL($withdrawals) ->
    [one] { $withdrawals } consent withdrawal
   *[other] { $withdrawals } consent withdrawals
}
exchange-exported-withdrawals = { PLURAL($count) ->
    [one] It tells the commission of { $count } consent withdrawal
   *[other] It tells the commission of { $count } consent withdrawals
} (export format 4: the commission's Casebook must be of this version or later; an older one refuses the whole file, with every case it carries, until it upgrades).
exchange-no-export-yet = No export has been made from this vault yet.
exchange-last-export = The last export was number { $number }.
exchange-consent-hint = Where the person did not consent to sharing identifiable data, the case travels without names, birth date (the year stays), contact details, identity document and free text.
exchange-export-button = Export…
exchange-exported = Export number { $number } is written
exchange-exported-counts = { PLURAL($cases) ->
    [one] { $cases } case
   *[other] { $cases } cases
} ({ $redacted } without identifying data), { PLURAL($erasures) ->
    [one] { $erasures } erasure
   *[other] { $erasures } erasures
}.
exchange-exported-keys = Encrypted for commission key { $commission }; signed with this mission's key { $mission }.
exchange-exported-hint = Carry the file to the commission as agreed (USB stick, diplomatic bag, secure mail). Nobody can read it without the commission's key, not even this mission.
exchange-distribute-hint = Missions encrypt their exports to this key. Save it to a file and send it to each mission; they check the fingerprint with you by phone.
exchange-save-key = Save the public key…
exchange-key-saved = The public key is saved in { $path }.
exchange-import-files = Export files
exchange-import-hint = Each file is checked completely (signature, integrity, every record) before anything is written; a file that fails changes nothing.
exchange-choose-files = Choose export files…
exchange-finishing = Finishing…
exchange-cancel = Cancel
exchange-cancelling = Cancelling…
exchange-export-cancelled = The export was cancelled. No file was written and nothing is marked as sent.
exchange-import-cancelled = The import was cancelled: the file it was reading, and those after it, were not imported.
exchange-error-cancelled = Cancelled: nothing of this file was imported.
exchange-new-mission = New mission: { $code } ({ $name })
exchange-new-mission-file = The file { $file } is the first from this mission. Its key fingerprint is:
exchange-new-mission-hint = Call the mission and compare this fingerprint before approving. Once approved, only files signed with this key are accepted from { $code }.
exchange-approve = Approve and import
exchange-skip = Skip this file
exchange-skipped = Skipped: the mission was not approved.
exchange-report = Import report
exchange-mission-export = { $code }, export { $number }
exchange-duplicate = Imported before, on { $date }; nothing changed.
exchange-gap = { PLURAL($count) ->
    [one] { $code }: export { $from } has not been received yet.
   *[other] { $code }: exports { $from }–{ $to } have not been received yet.
}
exchange-key-rotated = { $code }: the mission's key changed { $from } → { $to }, by a rotation statement the approved key signed. Its exports up to { $number } not yet received are still taken from the old key. If the mission did not rotate its key, revoke it on the Missions screen.
exchange-key-first-file = { $code }: first file signed by the key { $fingerprint }, approved by phone.
exchange-key-revoked-taken = { $code }: signed by the revoked key { $fingerprint }; taken as export { $number } ≤ { $through }, not received before.
exchange-key-replaced-taken = { $code }: signed by the replaced key { $fingerprint }; taken as export { $number } ≤ { $through }, not received before.
exchange-missions = Approved missions
exchange-conflicts = { PLURAL($count) ->
    [one] { $count } conflict to resolve
   *[other] { $count } conflicts to resolve
}
exchange-conflicts-hint = Two different versions of the same revision of a case arrived. The stored version is on the left, the other on the right; choose which one the commission keeps.
exchange-conflict-case = Case { $reference }, revision { $revision }
exchange-keep-stored = Keep the stored version
exchange-take-other = Take the other version
exchange-error-not-an-export = This is not a Casebook export file.
exchange-error-other-commission = This file was encrypted for another commission key; this vault cannot open it.
exchange-error-damaged = The file is damaged or incomplete. Nothing was imported; ask the mission to send it again.
exchange-error-newer = The file was made by a newer version of Casebook. Install the newer version to import it.
exchange-error-altered = The file was altered after the mission signed it. Nothing was imported.
exchange-error-wrong-key = Mission { $code } signed the file with a key not approved for it (fingerprint { $fingerprint }). Nothing was imported. If the mission has a new key, compare the fingerprint with the mission by phone, then approve it on the Missions screen (Replace key…).
exchange-error-revoked-key = The key of mission { $code } that signed the file was revoked on { $date }. Its files are refused. Nothing was imported.
exchange-error-replaced-key = The file is signed by an earlier key of mission { $code }, replaced on { $date }. Ask the mission for a file signed with its current key. Nothing was imported.
exchange-error-bad-rotation = The file's key rotation statement is not valid: it was altered or forged. Nothing was imported.
exchange-error-invalid-record = A record in the file is not valid: { $detail }. Nothing was imported.
exchange-error-too-large = The file is { $size } MiB, more than the { $limit } MiB this vault accepts. Nothing was imported. If it is a genuine export, raise the limit with the command line (import --max-size).
exchange-error-mission-code = The file names its mission "{ $code }": this commission's own code, or a new mission's code that is not of the form two capital letters, a hyphen and 2 to 8 capital letters or digits (LT-LON). Nothing was imported.
exchange-error-case-too-large = Case { $reference } is too large to export: an import would refuse the file. Open the case, shorten its longest texts or remove old follow-ups, save it, and export again. Nothing was exported.
exchange-error-redacted-case-refused = Case { $reference } would be refused by the commission once redacted ({ $problems }). Open the case, correct what is named, save it, and export again. Nothing was exported.
exchange-identity-backup = Back up the commission's secret key
exchange-identity-hint = Without this key no export file can be opened. Keep a backup, protected by its own passphrase, apart from this laptop (in a safe). It is a standard age file.
exchange-identity-passphrase = Passphrase for the backup
exchange-identity-save = Save the backup…
exchange-identity-saved = The key backup is saved in { $path }. Keep the file and its passphrase apart.
exchange-replies = Replies from the commission
exchange-replies-hint = The commission's reply says which exports it received. It is checked (the commission's signature, this mission as its addressee) before anything is recorded; receiving the same reply again changes nothing.
exchange-receive-reply = Receive a reply from the commission…
exchange-export-row = Export { $number }, { $date }: { PLURAL($cases) ->
    [one] { $cases } case
   *[other] { $cases } cases
}, { PLURAL($erasures) ->
    [one] { $erasures } erasure
   *[other] { $erasures } erasures
}
exchange-export-confirmed = received by the commission on { $date }
exchange-export-unconfirmed = not yet confirmed
exchange-reply-received = The reply is recorded: { PLURAL($count) ->
    [one] { $count } export newly confirmed.
   *[other] { $count } exports newly confirmed.
}
exchange-rotation-announced = The commission announces a new key, endorsed by the key stored here: { $fingerprint }. Exports stay encrypted to the stored key until you compare this fingerprint with the commission by phone and accept it.
exchange-rotation-accept = I compared the fingerprint by phone: use the new key
exchange-rotation-accepted = The commission's new key { $fingerprint } is stored; exports are encrypted to it from now on.
settings-keys = Keys
settings-keys-mission = This mission's signing key
settings-keys-mission-hint = Every export is signed with this key, and the commission checks the signature. A planned rotation (a key long in use, a laptop being retired) makes a new key: the next export carries a statement signed by the old key, and the commission accepts the new key without a phone call. A stolen laptop is another matter: call the commission, which revokes the key.
settings-keys-mission-start = Rotate the signing key… (K)
settings-keys-mission-current = Key in use: { $fingerprint }. { $number ->
    [0] It has signed no export yet.
   *[other] It signed the exports up to number { $number }.
}
settings-keys-mission-what = A new key replaces it, and this vault forgets the old one; a backup of the vault holding the new key is written in the same step, to the file you choose (if it cannot be written, nothing is rotated). Every export from now on carries a statement signed by the old key, so the commission accepts the new key without a phone call.
settings-keys-confirm = Rotate the key
settings-keys-cancel = Cancel (Esc)
settings-keys-rotating = Rotating the key…
settings-keys-reading = Reading the key in use…
settings-keys-mission-choose-backup = Choose where the backup goes…
settings-keys-commission-choose-backup = Choose where the identity backup goes…
settings-keys-commission-passphrase = The identity backup's passphrase, typed twice: keep it apart from the file.
settings-keys-backup-file = Backup to write: { $path }
settings-keys-backup-none = No file chosen yet.
settings-keys-backup-missing = Choose where the backup goes first.
settings-keys-type-code = Type the mission's code, { $code }, to confirm (Enter):
settings-keys-type-fingerprint = Type the first four characters of the key in use, { $start }, to confirm (Enter):
settings-keys-mission-done = Signing key rotated.
settings-keys-old = Old key: { $fingerprint }
settings-keys-new = New key: { $fingerprint }
settings-keys-mission-next = { $number ->
    [0] Every export from now on carries a statement signed by the old key (it signed no export); the commission accepts the new key without a phone call.
   *[other] Every export from now on carries a statement signed by the old key (it signed the exports up to number { $number }); the commission accepts the new key without a phone call.
}
settings-keys-mission-backup = A backup of the vault holding the new key was written to { $path }. Every backup made before holds the old key: destroy the older ones.
settings-keys-commission = The commission's key
settings-keys-commission-hint = Missions encrypt their exports to this key and check the commission's replies with it. Rotating makes a new key pair, announced in the next replies; each mission compares the new fingerprint with you by phone before it uses it. The old secret keys are kept (in this vault and in the identity backup), so files already encrypted to them still import.
settings-keys-commission-start = Rotate the commission key… (K)
settings-keys-commission-current = Key in use: { $fingerprint }.
settings-keys-commission-what = A new key pair replaces it, and an identity backup of the new keys (and the earlier ones) is written first, protected by the passphrase you type here. Every reply written from now on announces the new key, endorsed by the old key; a mission keeps encrypting to the old key until an officer there compares the new fingerprint with you by phone and accepts it.
settings-keys-commission-done = Commission key rotated.
settings-keys-commission-next = Missions take the new key from their next reply: write them one (Import, Reply…) and give them the new fingerprint by phone. For a mission not yet registered, save the public key again (Import, Save the public key…).
settings-keys-commission-backup = Identity backup of the new keys (and the earlier ones) written to { $path }: keep it and its passphrase apart, in a safe, and destroy older identity backups.
exchange-own-key-replaced = The commission replaced this mission's key { $fingerprint } on { $date }.
exchange-own-key-revoked = The commission revoked this mission's key { $fingerprint } on { $date }.
exchange-own-key-accepted = Exports it signed up to number { $number } that have not arrived are still accepted.
exchange-own-key-none-accepted = No export it signs is accepted any more.
exchange-reply-already = This reply was received before, on { $date }; nothing changed.
exchange-reply-to = Reply…
exchange-reply-written = The reply to { $code } is saved in { $path } ({ PLURAL($count) ->
    [one] { $count } export confirmed
   *[other] { $count } exports confirmed
}, reply format { $format }). Carry it to the mission as agreed; only that mission can read it.
exchange-reply-written-newer = The reply to { $code } is saved in { $path } ({ PLURAL($count) ->
    [one] { $count } export confirmed
   *[other] { $count } exports confirmed
}, reply format { $format }). A mission on an older build of Casebook refuses this format until it upgrades to { $release } or later: nothing changes there until then. Carry it to the mission as agreed; only that mission can read it.
exchange-reply-error-not-a-reply = This is not a Casebook reply file. Nothing was changed.
exchange-reply-error-other-mission = This reply is for another mission (or for another vault or key of this one). Nothing was changed.
exchange-reply-error-signature = This reply is not signed by the commission's key stored here: it was altered, or comes from elsewhere. Nothing was changed.
exchange-reply-error-damaged = The reply file is damaged or incomplete. Nothing was changed; ask the commission to send it again.
exchange-reply-error-newer = The reply was made by a newer version of Casebook. Install the newer version to receive it. Nothing was changed.
exchange-reply-error-old-key = The commission key stored here is the older kind, without the key that signs replies. Ask the commission for its new key file, compare its fingerprint by phone, and load it with "Load the commission's new key…".
exchange-reply-error-no-key = No reply can go to mission { $code } yet: none of its exports imported here carries its reply key (they were made by an older Casebook, or none was imported). Import an export the mission made with this version.
exchange-load-new-key = Load the commission's new key…
exchange-old-key-hint = This commission key is the older kind: exports work, but the commission's replies cannot be checked. When the commission sends its new key file, compare its fingerprint by phone, then load it.
exchange-guidance = Guidance from the commission
exchange-guidance-new = New
exchange-guidance-read = Mark as read
exchange-set-aside = Set aside by the commission
exchange-set-aside-hint = For each case below the commission holds a different version with the same revision number, and set the version named here aside. It does not say which export brought it: ask the commission which version it holds.
exchange-set-aside-row = { $reference }, revision { $revision }: named in the reply of { $date }
exchange-set-aside-row-earlier = { $reference }: named in an earlier reply
exchange-set-aside-resolved = settled by the commission since
exchange-set-aside-more = … and { $count } more (the command line lists them all: exports --set-aside)
exchange-erased-at-commission = Erased by the commission
exchange-erased-at-commission-hint = The commission erased these cases of this mission when their erase-after date passed. It takes no update of them, and this vault never reduces them to stubs.
exchange-erased-at-commission-row = { $reference }: erased on { $date }
exchange-erased-at-commission-more = … and { $count } more (the command line lists them all: exports --erased)
exchange-set-aside-unreadable = The list of versions the commission set aside could not be read. The rest of this screen is shown.
exchange-guidance-unreadable = The guidance notes could not be read. The rest of this screen is shown.
exchange-guidance-sent = Guidance sent to the missions
exchange-guidance-sent-hint = Every reply carries these notes. Withdrawing a note tells every mission to hide it when it receives its next reply.
exchange-guidance-withdraw = Withdraw…
exchange-guidance-withdraw-confirm = Withdraw the note of { $date } ({ $id })? Every mission hides it when it receives its next reply, and it is never sent again.
exchange-guidance-withdraw-format = After this, every reply to every mission is written in reply format 2. A mission whose Casebook is older than reply format 2 refuses such a reply, and with it the receipts and key changes it carries, until it upgrades. Make sure every mission has upgraded first.
exchange-guidance-withdraw-yes = Withdraw the note
exchange-guidance-withdrawn = The note { $id } is withdrawn: the next replies tell every mission to hide it.

## Statistics
nav-statistics = Statistics
stats-title = Statistics
stats-count-by = Count cases by
stats-and-by = and by
stats-by-nothing = (nothing more)
stats-by-year = Year of first contact
stats-by-trafficking-status = Trafficking status
stats-by-form = Form of exploitation
stats-by-citizenship = Citizenship
stats-by-gender = Gender
stats-by-age-group = Age group at first contact (CTDC)
stats-by-age-group-gbvims = Age group at first contact (GBVIMS)
stats-by-minor = Minor or adult
stats-by-country-of-exploitation = Country of exploitation
stats-by-labour-industry = Labour industry
stats-by-means-of-control = Means of control
stats-by-referral-service = Referral service
stats-by-mission = Mission
stats-by-status = Case status
stats-by-citizenship-group = Citizenship (Lithuania / other EU / outside the EU)
stats-by-recruitment = Method of recruitment
stats-by-urgent-need = Urgent need
stats-by-referral-organisation = Referral: type of organisation
stats-by-referral-outcome = Referral: outcome
stats-by-return-assisted = Return assisted
stats-by-reflection-period = Reflection period started
stats-citizenship-lithuania = Lithuania
stats-citizenship-other-eu = Another EU member state
stats-citizenship-outside-eu = Outside the EU
stats-yes = Yes
stats-no = No
stats-years = Years
stats-mission = Mission
stats-status = Status
stats-trafficking-status = Trafficking status
stats-trafficking-status-any = any
stats-include-without-consent = Count cases whose person refused anonymous statistics (only where the commission has documented another legal basis)
stats-unknown = Unknown
stats-minor = Minor
stats-adult = Adult
stats-counting = Counting…
stats-total = { PLURAL($count) ->
    [one] { $count } case counted
   *[other] { $count } cases counted
}
stats-unknown-count = { PLURAL($count) ->
    [one] { $count } case lacks “{ $field }” (shown as Unknown).
   *[other] { $count } cases lack “{ $field }” (shown as Unknown).
}
stats-multi-valued = A case counts once under each of its values, so the rows can add up to more than the total, which counts each case once.
stats-row-total = Total
stats-column-total = Total
stats-export-csv = Export CSV…
stats-writing-csv = Writing the file…
stats-threshold = Hide counts below
stats-export-hint = The screen shows exact counts. In the exported file (threshold never below 3), counts below the threshold, and those that would reveal them, are all replaced by the same mark “c” (confidential).
stats-csv-saved = The table is saved in { $path }.
stats-left-out-refused = { PLURAL($count) ->
    [one] { $count } case left out: the person refused anonymous statistics.
   *[other] { $count } cases left out: the person refused anonymous statistics.
}
stats-counted-despite-refusal = { PLURAL($count) ->
    [one] { $count } case counted although the person refused anonymous statistics (the commission’s setting, for a documented legal basis).
   *[other] { $count } cases counted although the person refused anonymous statistics (the commission’s setting, for a documented legal basis).
}
stats-left-out-synthetic = { PLURAL($count) ->
    [one] { $count } synthetic (training) case left out.
   *[other] { $count } synthetic (training) cases left out.
}
cases-synthetic-banner = { PLURAL($count) ->
    [one] This vault holds { $count } synthetic case (training data made by “generate”). It is never exported and never counted in statistics.
   *[other] This vault holds { $count } synthetic cases (training data made by “generate”). They are never exported and never counted in statistics.
}

# Why a passphrase is refused (zxcvbn's reasons, in words).
passphrase-too-short = Use at least { $min } characters; several unrelated words are easiest to remember.
passphrase-guessable = { $reason } Add more unrelated words.
passphrase-warning-guessable = It would be guessed too easily.
passphrase-warning-key-rows = Straight rows of keys are easy to guess.
passphrase-warning-key-patterns = Short keyboard patterns are easy to guess.
passphrase-warning-repeated-letters = Repeats like “aaa” are easy to guess.
passphrase-warning-repeated-groups = Repeats like “abcabcabc” are only slightly harder to guess than “abc”.
passphrase-warning-top = This is one of the most common passwords.
passphrase-warning-common = This is a very common password.
passphrase-warning-similar = This is similar to a commonly used password.
passphrase-warning-sequences = Sequences like abc or 6543 are easy to guess.
passphrase-warning-years = Recent years are easy to guess.
passphrase-warning-one-word = A word by itself is easy to guess.
passphrase-warning-dates = Dates are often easy to guess.
passphrase-warning-names = Names and surnames are easy to guess.

# Locking or closing waits for a job that holds the vault.
lock-waits-export = Locking after the export finishes.
lock-waits-import = Locking after the import finishes.
quit-waits-export = Closing after the export finishes.
quit-waits-import = Closing after the import finishes.
lock-waits-work = Locking when the current work finishes.
quit-waits-work = Closing when the current work finishes.
lock-waits-destroy = Locking when the destruction has finished.
quit-waits-destroy = Closing once the destruction has finished.
quit-waits-passphrase = Closing once the passphrase change has finished.
unlock-auto-backup-closing = Writing the automatic backup, then closing…
unlock-draft-keeping = Keeping the unsaved changes inside the vault…
unlock-draft-keeping-closing = Keeping the unsaved changes inside the vault, then closing…
editor-problem-at = { $field } ({ $section }): { $problem }
editor-draft-restored = These are the changes left unsaved when the vault locked. Save them, or go back and discard them.
editor-draft-restored-changed-since = These are the changes left unsaved when the vault locked, but the case was saved again since ({ $officer }, { $when }). Saving replaces that version with what you see here; to keep it, go back and discard these changes.
unlock-draft-kept = The unsaved changes were kept inside the vault; they open again at the next unlock.
unlock-draft-failed = The unsaved changes could not be kept: { $error }

## Statistics: the order of the rows (added for issue 21)
stats-order = Order
stats-order-by-label = By name
stats-order-by-count = By count, largest first

## Settings: destroying the vault (added for issue 16)
destroy-heading = Danger zone: destroy this vault
destroy-hint = For an evacuation: makes this vault unreadable within about a second, then deletes its files. It cannot be undone.
destroy-start = Destroy this vault…
destroy-what-happens = Destroying overwrites this vault's keys first: from that moment no officer's passphrase opens it. Then its database (every case, draft and audit entry) is overwritten and deleted.
destroy-backups = This mission's automatic backups in { $folder } are overwritten and deleted too.
destroy-no-auto-backups = Automatic backups are off: there are none to destroy.
destroy-hand-backups = Backups you made by hand are not known to the vault: destroy them yourself.
destroy-last-export = The last export was made on { $when }. The commission has no way yet to confirm that it received it: make sure it arrived before you destroy this vault.
destroy-unexported-withdrawals = { $count } consent withdrawal(s) recorded for stubs were never sent: the commission keeps those persons' identifiable records, and nothing is left to tell it. Export first if you can.
destroy-unexported = { $cases } case(s) and { $erasures } erasure(s) have changes never sent to the commission: they are lost with the vault.
destroy-type-code = Type the mission code ({ $code }) to confirm:
destroy-confirm = Destroy for good
destroy-code-mismatch = That is not this vault's mission code: nothing was destroyed.
destroy-running = Destroying… The keys go first; then the files are overwritten, which takes longer for a large vault.
destroy-done = This vault was destroyed: no passphrase opens it any more, and { $files } file(s) were overwritten and deleted.
destroy-not-reached = Not reached, so their copies still exist: { $places }. Once they can be reached, run "casebook destroy --backups FOLDER" on this vault folder to finish (no passphrase is needed).
destroy-done-partly = This vault was destroyed as far as it could be: { $files } file(s) were overwritten and deleted.
destroy-keys-not-destroyed = Some files holding keys could not be overwritten, so a passphrase may still open them: { $places }. Delete them by hand, or run "casebook destroy" on this vault folder.
destroy-not-overwritten = Deleted without being overwritten: { $places }.
error-destroyed = This vault was destroyed: nothing in it can be opened any more. If files of it are left, "casebook destroy" on this vault folder deletes them.

## The commission's Missions screen
nav-missions = Missions
missions-title = Missions
missions-loading = Reading the missions…
missions-search = Search by code, name or key fingerprint
missions-hint = Sort by clicking a heading or pressing its number (1–8); again to reverse. ↑ and ↓ choose a mission, R replaces its key, V revokes it; Ctrl+Shift+M opens this screen. Tab reaches the days of silence below, Enter saves them (the same setting as casebook missions --silent-after DAYS).
missions-none = No mission yet. A mission is registered when its first export is imported.
missions-no-match = No mission matches.
missions-column-code = Code
missions-column-name = Name
missions-column-key = Key fingerprint
missions-column-status = Key
missions-column-last-export = Last export
missions-column-missing = Missing
missions-column-cases = Cases
missions-column-silence = Last file
missions-status-approved = approved
missions-status-phone = approved (phone)
missions-status-rotation = approved (rotation)
missions-status-revoked = revoked
missions-awaiting-file = no file yet
missions-days = { PLURAL($days) ->
    [one] { $days } day ago
   *[other] { $days } days ago
}
missions-today = today
missions-silent = silent
missions-replace = Replace key…
missions-revoke = Revoke…
missions-replace-title = Replace the key of mission { $code }
missions-replace-hint = For a rebuilt vault or a new laptop. Ask the mission to read its new key fingerprint (Export screen) over the phone, and type it here. The next file signed by that key imports; files signed by the old key are refused from now on, except those already imported. The mission's cases stay its own.
missions-fingerprint = New key fingerprint (32 hexadecimal digits)
missions-revoke-title = Revoke the key of mission { $code }
missions-revoke-hint = For a stolen or lost laptop. Files signed by this key are refused from now on. If the mission made exports before the theft that have not arrived yet, give the last of their numbers: those up to it are still accepted. Approve the mission's new key afterwards with Replace key….
missions-after = Still accept exports up to number (optional)
missions-type-code = Type the mission's code, { $code }, to confirm:
missions-replace-confirm = Replace the key
missions-replace-current = Current key: { $fingerprint } – { $status }.
missions-revoke-current = Key to revoke: { $fingerprint }. Last export received: { $last }.
missions-revoke-window = With { $after }: exports { $numbers } are still accepted if they arrive; every other file of this key is refused.
missions-revoke-window-none = With { $after }: no export is still accepted (every number up to it has arrived).
missions-revoke-confirm = Revoke the key
missions-cancel = Cancel
missions-replaced = The key of mission { $code } is replaced: { $fingerprint } is approved; the next file it signs imports.
missions-revoked = The key of mission { $code } was revoked on { $date }; its files are refused.
missions-silent-after = Mark a mission silent after
missions-silent-after-days = days without a file
missions-silent-after-save = Save (Enter)
missions-silent-after-saved = Missions are now marked silent after { $days } days without a file.
missions-silent-after-invalid = Type a number of days from 1 to 3650.
unlock-officer-name = Your name
unlock-wrong-name-or-passphrase = Wrong name or passphrase. Check the spelling of your name, Caps Lock and the keyboard language, then try again.
settings-change-passphrase-whose = Changes the passphrase of { $name } only: the other officers keep theirs. The vault is encrypted again under a new key.
officers-heading = Officers
officers-hint = Each officer unlocks this vault with their own passphrase, and every change is recorded under their name.
officers-signed-in = signed in
officers-last = The last officer cannot be removed
officers-not-yourself = You cannot remove yourself: another officer must
officers-remove = Remove…
officers-add = Add an officer…
officers-add-intro = The new officer types their name and their own passphrase here, on this computer. Nobody else needs to know it.
officers-new-name = Their full name
officers-new-passphrase = Their passphrase (several unrelated words are easiest to remember)
officers-add-button = Add the officer
officers-need-name = Type the new officer's name.
officers-name-taken = This name is already an officer's of this vault.
officers-adding = Adding { $name }: protecting their passphrase takes a few seconds…
officers-added = { $name } was added. They unlock with their name and their own passphrase.
officers-remove-title = Remove { $name }?
officers-remove-what = Their passphrase will no longer open this vault: the whole vault is encrypted again under a new key, which takes about as long as a backup. The cases they own stay theirs until they are handed over to another officer. Backups made before keep opening with their passphrase.
officers-remove-type = Type their name to confirm:
officers-remove-confirm = Remove for good
officers-confirm-mismatch = That is not the name of the officer to remove: nothing was removed.
officers-removing = Removing { $name }: the vault is being encrypted again under a new key…
officers-removed = { $name } was removed: their passphrase no longer opens this vault.
officers-saving = Saving…
officers-hide-list = Hide the list of officers at unlock
officers-hide-list-hint = Each officer then types their name, and a wrong name is told as a wrong passphrase. The names are still in the vault's header file, unencrypted: this keeps them off the screen, not off the disk.
## Documents (added for issue 18)
document-confidential = CONFIDENTIAL
document-page-of = Page { $page } of { $pages }
document-summary-title = Case summary
document-yes = Yes
document-no = No
document-revision = Revision
document-created = Created
document-updated = Last changed
document-owner = Case officer
document-redacted = Shared without consent to identifiable data
document-birth-year = Year of birth
document-age-at-first-contact = Age at first contact
document-observed = Observed
document-country = Country
document-reflection-period = Reflection and recovery period
document-referral-reason = Reason
document-officer = Officer
document-origin-mission = Mission of origin
document-synthetic = Synthetic training case, not a real person
document-training = SYNTHETIC – TRAINING
document-unshown = Some characters cannot be drawn in this document's font; they are written as their Unicode code points in brackets, e.g. [U+0645].
document-error-folder = { $path } is a folder; choose the name of a file.
document-error-exists = { $path } exists already; choose another name.
document-error-write = cannot write { $path }: { $detail }
document-error-make = the document could not be made ({ $detail }).
document-referral-title = Referral
document-referral-place = Place
document-referral-languages = Languages spoken
document-referral-identity-shared = The person agrees that your organisation receives their name, phone number and e-mail address, given below. Their birth date, identity document and whereabouts are not shared.
document-referral-identity-withheld = The person has not agreed to share their name, phone number or e-mail address with your organisation; this letter holds none of them, nor their birth date, identity document or whereabouts. The mission puts you in touch with the person.
document-referral-directory-ambiguous = Several organisations in the referral directory have this name, and this letter does not know which one it is for, so it gives none of their addresses. The officer adds the address, phone and e-mail of the right one by hand.
document-error-no-referral = the case has no referral { $number } (it has { $count }).
vocab-ReferralReason-AdditionalServicesRequired = Further services needed
vocab-ReferralReason-MigrationOrChangeOfLocation = Moving or changing location
vocab-ReferralReason-Other = Other
editor-summary = Case summary (PDF)…
editor-summary-writing = Saving the case summary…
editor-summary-written = The case summary is saved in { $path }.
editor-summary-failed = The case summary could not be saved: { $error }

## The commission's annual report (`casebook report`, Statistics → Annual report…)

report-title = Annual report { $year }
report-total = Total
report-cases = Cases
report-fewer-than = fewer than { $min }
report-left-out = Left out: cases whose person refused anonymous statistics, { $refused }; synthetic (training) cases, { $synthetic }.
report-counted-despite-refusal = Counted although the person refused anonymous statistics (the commission's setting): cases, { $count }.
report-hidden = Counts hidden as c (below { $min }, or revealing one that is): { $count }.
report-none-hidden = No count is hidden.
report-conservative = The table was too large to check, so more counts are hidden than needed.
report-scope-all = all missions
report-scope-mission = mission { $mission }
report-files-received = Files received in { $year }
report-exports-missing = Exports not received by { $date }
report-silent = Missions silent for the whole of { $year }: { $missions }.
report-silent-none = No mission was silent for the whole of { $year }.
report-missions-none = This vault receives no files from missions.
report-no-previous-year = No victim of { $year } is counted in this vault: there is nothing to compare with.
report-button = Annual report…
report-year = Year
report-language = Language
report-write = Save the report…
report-making = Making the report…
report-saved = The annual report { $year } is saved in { $path }.
report-failed = The annual report could not be made: { $detail }
report-every-mission = The report covers every mission's cases: the mission chosen above does not apply (a mission's report beside the national one would let a reader subtract).
report-year-invalid = The report covers a past or the current year, such as { $year }.
editor-documents = Documents…
editor-documents-close = Close
editor-letter = Referral letter { $number }: { $organisation } (PDF)…
editor-letter-writing = Saving the referral letter…
editor-letter-written = The referral letter is saved in { $path }.
editor-letter-failed = The referral letter could not be saved: { $error }
editor-letter-case-changed = The case was saved again while the save dialog was open, so its referrals may have changed: no letter was written. Ask for the letter again.
editor-share-identity = Shares name, phone, e-mail
editor-share-identity-agreed = The person agrees to share their name, phone and e-mail
hint-organisation-search = Name, or search the directory by name, city or service
editor-stub-withdraw = Consent withdrawn…
editor-stub-withdraw-confirm = Did the person of { $reference } (first contact { $opened }, last contact { $last }) withdraw their consent to share identifiable data with the commission? The next export tells the commission to remove their name, contact details, places and every text from its record, for good. Until that export you can retract it here; once exported it cannot be undone, and no record of the person's identity then remains anywhere: this mission keeps only the stub.
editor-stub-withdraw-yes = Consent withdrawn
editor-stub-withdraw-no = Cancel
editor-stub-withdrawn = Consent withdrawal recorded on { $date }: the next export tells the commission to remove the person's identifying data from its record.
editor-stub-retract = Not withdrawn after all (retract)
editor-stub-withdrawn-exported = It was exported: the commission redacts its record, and this cannot be undone.
