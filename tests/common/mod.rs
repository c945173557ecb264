//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use casebook::domain::{Case, ContactChannel, FirstContact};
use casebook::vault::{KdfParams, NewVault, Role, Vault};
use chrono::NaiveDate;
use secrecy::SecretString;

pub const PASSPHRASE: &str = "correct horse battery staple";

pub fn passphrase() -> SecretString {
    SecretString::from(PASSPHRASE.to_owned())
}

pub fn mission() -> NewVault {
    NewVault {
        role: Role::Mission,
        mission_code: "LT-LON".into(),
        mission_name: "Embassy in London".into(),
        officer: "J. Jonaitis".into(),
    }
}

/// A mission vault with cheap key derivation, so that tests can open it often.
pub fn new_vault(dir: &Path) -> Vault {
    Vault::create(
        dir,
        &mission(),
        &passphrase(),
        KdfParams::insecure_for_tests(),
    )
    .unwrap_or_else(|e| panic!("cannot create a test vault: {e}"))
}

pub fn open(dir: &Path) -> Vault {
    Vault::open(dir, &passphrase()).unwrap_or_else(|e| panic!("cannot open the test vault: {e}"))
}

/// The reference case files (copies of the project's shared fixtures).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn fixture_case(name: &str) -> Case {
    let text = std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    Case::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date {y}-{m}-{d}"))
}

pub fn simple_case(given: &str, family: &str, contact: NaiveDate) -> Case {
    let mut case = Case {
        first_contact: FirstContact {
            date: contact,
            channel: ContactChannel::WalkIn,
            place: Some("Consular section".into()),
        },
        ..Case::default()
    };
    case.person.given_name = Some(given.into());
    case.person.family_name = Some(family.into());
    case
}

/// Every file under `dir`, recursively, with its bytes.
pub fn files_in(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes =
                    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                found.push((path, bytes));
            }
        }
    }
    found.sort();
    found
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The files of `dir` that contain `needle`, named for the failure message.
pub fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    files_in(dir)
        .into_iter()
        .filter(|(_, bytes)| contains(bytes, needle.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

pub fn commission() -> NewVault {
    NewVault {
        role: Role::Commission,
        mission_code: "HQ".into(),
        mission_name: "National commission".into(),
        officer: "A. Analyst".into(),
    }
}

/// A commission vault with cheap key derivation.
pub fn new_commission_vault(dir: &Path) -> Vault {
    Vault::create(
        dir,
        &commission(),
        &passphrase(),
        KdfParams::insecure_for_tests(),
    )
    .unwrap_or_else(|e| panic!("cannot create a test commission vault: {e}"))
}

/// A copy of the closed vault in `from` (every file but the lock) in `to`:
/// the same keys, the same content.
pub fn copy_vault(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let name = path.file_name().unwrap_or_default();
        if path.is_file() && name != "casebook.lock" {
            std::fs::copy(&path, to.join(name)).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Imports as an analyst does: a file from a mission seen for the first
/// time is approved by the code and fingerprint its refusal shows, then
/// imported again.
pub fn import_as_analyst(
    commission: &mut Vault,
    file: &Path,
) -> Result<casebook::exchange::FileReport, casebook::exchange::Error> {
    use casebook::exchange::{self, Approval, Error, MissionApproval};
    match exchange::import(commission, file, &Approval::Nobody, &mut |_| {}) {
        Err(Error::UnknownMission(mission)) => {
            let approval = Approval::Missions(vec![MissionApproval::of(&mission)]);
            exchange::import(commission, file, &approval, &mut |_| {})
        }
        other => other,
    }
}

/// Generated cases as if officers had recorded them. `generate` marks its
/// cases synthetic, and those never leave in an export nor count in
/// statistics: tests that export or count generated cases store them
/// unmarked through this.
pub trait GenerateRecorded {
    fn generate_recorded(
        &mut self,
        seed: u64,
        count: usize,
        today: NaiveDate,
    ) -> casebook::vault::Result<u64>;
}

impl GenerateRecorded for Vault {
    fn generate_recorded(
        &mut self,
        seed: u64,
        count: usize,
        today: NaiveDate,
    ) -> casebook::vault::Result<u64> {
        let cases = casebook::domain::synthetic::generate(seed, count, today).map(|mut case| {
            case.synthetic = false;
            case
        });
        self.create_cases(cases, "cases-created")
    }
}

/// The same as plain cases (for the statistics' own tests).
pub fn recorded(cases: impl Iterator<Item = Case>) -> impl Iterator<Item = Case> {
    cases.map(|mut case| {
        case.synthetic = false;
        case
    })
}

/// St Anne's Shelter, Manchester: an organisation of the referral
/// directory the commission sends in the tests.
pub fn st_annes() -> casebook::exchange::reply::format::Organisation {
    casebook::exchange::reply::format::Organisation {
        name: "St Anne's Shelter".into(),
        kind: "NGO".into(),
        country: "GB".into(),
        city: Some("Manchester".into()),
        services: vec![
            casebook::domain::ReferralService::Shelter,
            casebook::domain::ReferralService::Psychosocial,
        ],
        phone: Some("+441619998877".into()),
        email: Some("referrals@stannes.example.org".into()),
        languages: vec!["en".into(), "lt".into()],
        notes: None,
    }
}

/// A mission vault at `dir/mission` holding `case`, which has received the
/// commission's reply carrying a directory with St Anne's Shelter.
pub fn mission_with_directory(dir: &Path, case: Case) -> (Vault, casebook::domain::CaseRecord) {
    let mut commission = new_commission_vault(&dir.join("commission"));
    let key_file = dir.join("commission.pub");
    casebook::exchange::write_commission_key(&commission, &key_file)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_vault(&dir.join("mission"));
    casebook::exchange::store_commission_key_file(
        &mut mission,
        &key_file,
        &casebook::exchange::KeyReplacement::No,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let record = mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    let export = dir.join("export.age");
    casebook::exchange::export(&mut mission, &export, false, false, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    import_as_analyst(&mut commission, &export).unwrap_or_else(|e| panic!("{e}"));
    let directory = dir.join("directory.json");
    let json = serde_json::json!({ "organisations": [
        {"name": "Lithuanian Community in the UK", "type": "LithuanianCommunityOrganisation",
         "country": "GB", "city": "London", "services": ["Psychosocial"], "languages": ["lt"]},
        st_annes(),
    ]});
    std::fs::write(&directory, json.to_string()).unwrap_or_else(|e| panic!("{e}"));
    casebook::exchange::reply::set_directory(&mut commission, &directory)
        .unwrap_or_else(|e| panic!("{e}"));
    let reply = dir.join("reply.age");
    casebook::exchange::reply::reply(&mut commission, "LT-LON", &reply, false)
        .unwrap_or_else(|e| panic!("{e}"));
    casebook::exchange::reply::receive(&mut mission, &reply).unwrap_or_else(|e| panic!("{e}"));
    (mission, record)
}

/// A mission vault at `dir/mission` whose case the commission set a
/// version of aside: the mission and a copy of it (an old copy restored,
/// say) both save a revision 2 of the case, each exports it, the
/// commission imports both (the second is a conflict), and its reply is
/// received at the mission. Returns the case as the mission holds it.
pub fn mission_with_a_set_aside_version(dir: &Path) -> casebook::domain::CaseRecord {
    let mut commission = new_commission_vault(&dir.join("commission"));
    let key_file = dir.join("commission.pub");
    casebook::exchange::write_commission_key(&commission, &key_file)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission = new_vault(&dir.join("mission"));
    casebook::exchange::store_commission_key_file(
        &mut mission,
        &key_file,
        &casebook::exchange::KeyReplacement::No,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // With consent, so that the notes that differ reach the commission.
    let mut case = simple_case("Ona", "Ona", date(2026, 3, 1));
    case.consent.share_identifiable_with_commission = Some(true);
    let record = mission.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    drop(mission);
    copy_vault(&dir.join("mission"), &dir.join("copy"));
    let mut saved = None;
    for (name, note) in [("mission", "first version"), ("copy", "second version")] {
        let mut vault = open(&dir.join(name));
        let mut case = record.case.clone();
        case.notes = Some(note.into());
        let stored = vault
            .update_case(record.meta.id, case, 1)
            .unwrap_or_else(|e| panic!("{e}"));
        let file = dir.join(format!("{name}.age"));
        casebook::exchange::export(&mut vault, &file, true, false, &mut |_| {})
            .unwrap_or_else(|e| panic!("{e}"));
        import_as_analyst(&mut commission, &file).unwrap_or_else(|e| panic!("{e}"));
        saved.get_or_insert(stored);
    }
    assert_eq!(
        commission
            .conflicts()
            .unwrap_or_else(|e| panic!("{e}"))
            .len(),
        1,
        "the second version is set aside"
    );
    let reply = dir.join("reply.age");
    casebook::exchange::reply::reply(&mut commission, "LT-LON", &reply, false)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut mission = open(&dir.join("mission"));
    casebook::exchange::reply::receive(&mut mission, &reply).unwrap_or_else(|e| panic!("{e}"));
    saved.unwrap_or_else(|| panic!("no version saved"))
}
