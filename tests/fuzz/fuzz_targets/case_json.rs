//! The case JSON parser and its validation: any bytes give a case or an
//! error, never a panic; a parsed case survives a round trip.
#![no_main]

use casebook::domain::{Case, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(case) = Case::from_json(text) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap_or_default();
        let _ = validate(&case, today);
        let json = serde_json::to_string(&case).unwrap_or_else(|e| panic!("{e}"));
        let again = Case::from_json(&json).unwrap_or_else(|e| panic!("round trip: {e}"));
        assert_eq!(
            serde_json::to_value(&case).unwrap_or_default(),
            serde_json::to_value(&again).unwrap_or_default()
        );
    }
});
