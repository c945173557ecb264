//! What the vault's unit tests share: a vault holding one case, its
//! passphrases, and its audit log as (action, detail) pairs.

use std::path::Path;

use secrecy::SecretString;

use super::{KdfParams, NewVault, Role, Vault};
use crate::domain::{Case, ContactChannel, FirstContact};

pub(crate) fn passphrase(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

pub(crate) const OLD: &str = "correct horse battery staple";
pub(crate) const NEW: &str = "velvet lantern quarry moss";

pub(crate) fn vault_with_a_case(dir: &Path) -> (Vault, String) {
    let new = NewVault {
        role: Role::Mission,
        mission_code: "LT-LON".into(),
        mission_name: "Embassy in London".into(),
        officer: "J. Jonaitis".into(),
    };
    let mut vault = Vault::create(dir, &new, &passphrase(OLD), KdfParams::insecure_for_tests())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut case = Case {
        first_contact: FirstContact {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default(),
            channel: ContactChannel::WalkIn,
            place: None,
        },
        ..Case::default()
    };
    case.person.given_name = Some("Ona".into());
    case.person.family_name = Some("Žemaitytė".into());
    let record = vault.create_case(case).unwrap_or_else(|e| panic!("{e}"));
    (vault, record.meta.reference)
}

pub(crate) fn actions(vault: &Vault) -> Vec<(String, Option<String>)> {
    vault
        .audit_entries()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .map(|e| (e.action, e.detail))
        .collect()
}
