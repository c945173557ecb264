use super::*;

/// A reply every check passes.
pub(crate) fn sample() -> Reply {
    Reply {
        format: FORMAT.into(),
        version: VERSION,
        commission_code: "LT-NTC".into(),
        commission_key: "00".repeat(32),
        mission_code: "LT-LON".into(),
        mission_id: "0190f000-0000-7000-8000-000000000000".into(),
        mission_recipient: "age1".into(),
        created_at: DateTime::parse_from_rfc3339("2026-12-01T10:00:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default(),
        app_version: "test".into(),
        receipts: vec![ExportReceipt {
            sequence: 1,
            epoch: None,
            manifest_sha256: "ab".repeat(32),
            kind: "incremental".into(),
            received_at: "2026-12-01T09:00:00Z".into(),
            counts: None,
        }],
        set_aside: Vec::new(),
        high_water: HighWater {
            export_sequence: 1,
            references: [("LT-LON-2026".to_owned(), 42)].into(),
            export_sequences: [(String::new(), 1)].into(),
        },
        directory: Directory {
            version: 1,
            organisations: vec![Organisation {
                name: "Caritas".into(),
                kind: "NGO".into(),
                country: "GB".into(),
                city: Some("London".into()),
                services: Vec::new(),
                phone: Some("+44 20 7946 0000".into()),
                email: Some("help@example.org".into()),
                languages: vec!["lt".into(), "en".into()],
                notes: Some("Open on weekdays.\nAsk for the duty worker.".into()),
            }],
        },
        guidance: vec![GuidanceNote {
            id: "2026-12-01-1".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            lt: Some("Nauja tvarka.".into()),
            en: None,
        }],
        key_events: Vec::new(),
        withdrawn_guidance: Vec::new(),
        erased: Vec::new(),
    }
}

/// The cases the commission erased make a reply format 3, and only
/// they: a reply of format 1 or 2 that carries them is refused, and
/// each is checked for its form.
#[test]
fn erased_cases_need_format_3_and_their_form() {
    let mut reply = sample();
    assert_eq!(reply.needed_version(), VERSION_1);
    reply.withdrawn_guidance = vec!["2026-12-01-1".into()];
    assert_eq!(reply.needed_version(), VERSION_2);
    reply.erased = vec![ErasedAtCommission {
        reference: "LT-LON-2026-0004".into(),
        erased_at: "2026-12-06T08:00:00.123456Z".into(),
    }];
    assert_eq!(reply.needed_version(), VERSION);
    reply.version = VERSION;
    assert_eq!(reply.problem(), None);
    for older in [VERSION_1, VERSION_2] {
        reply.version = older;
        assert!(reply.problem().is_some(), "format {older}");
    }
    reply.version = VERSION;
    for (reference, erased_at) in [
        ("LT-LON 2026\u{1b}", "2026-12-06T08:00:00Z"),
        ("LT-LON-2026-0004", "yesterday"),
        ("", "2026-12-06T08:00:00Z"),
        ("LT-RIG-2026-0004", "2026-12-06T08:00:00Z"),
        ("LT-LONDON-2026-0004", "2026-12-06T08:00:00Z"),
    ] {
        reply.erased = vec![ErasedAtCommission {
            reference: reference.into(),
            erased_at: erased_at.into(),
        }];
        assert!(reply.problem().is_some(), "{reference} {erased_at}");
    }
}

/// What format 2 brought is refused in a reply that says it is format
/// 1, and checked for its form.
#[test]
fn withdrawn_notes_and_own_key_events_need_format_2_and_their_form() {
    let mut reply = sample();
    reply.withdrawn_guidance = vec!["2026-12-01-1".into()];
    assert_eq!(reply.problem(), None);
    reply.version = VERSION_1;
    assert!(reply.problem().is_some());
    reply.version = VERSION;
    reply.withdrawn_guidance = vec!["2026-12-01 1\u{1b}".into()];
    assert!(reply.problem().is_some());
    reply.withdrawn_guidance.clear();
    let event = MissionKeyEvent {
        at: reply.created_at,
        fingerprint: "3F2A 91C0 5B7E 0D44 A1C9 7730 E2B8 5F16".into(),
        epoch: None,
        accepted_through: Some(14),
    };
    reply.key_events = vec![KeyEvent::MissionKeyRevoked(event.clone())];
    assert_eq!(reply.problem(), None);
    reply.version = VERSION_1;
    assert!(reply.problem().is_some());
    reply.version = VERSION;
    for spoilt in [
        MissionKeyEvent {
            fingerprint: "3f2a 91c0 5b7e 0d44 a1c9 7730 e2b8 5f16".into(),
            ..event.clone()
        },
        MissionKeyEvent {
            epoch: Some("later".into()),
            ..event.clone()
        },
        MissionKeyEvent {
            accepted_through: Some(1_000_000),
            ..event.clone()
        },
    ] {
        reply.key_events = vec![KeyEvent::MissionKeyReplaced(spoilt)];
        assert!(reply.problem().is_some());
    }
}

/// A reversed phone number, an escape sequence, an invisible mark:
/// each refused, wherever it hides.
#[test]
fn control_and_invisible_characters_and_malformed_values_are_refused() {
    type Spoil = fn(&mut Reply);
    let cases: [(&str, Spoil); 14] = [
        ("phone with U+202E", |r| {
            r.directory.organisations[0].phone = Some("+44 \u{202E}0000 6497".into())
        }),
        ("phone with letters", |r| {
            r.directory.organisations[0].phone = Some("call 112".into())
        }),
        ("name with an escape", |r| {
            r.directory.organisations[0].name = "Caritas\u{1b}[2J".into()
        }),
        ("name with a line break", |r| {
            r.directory.organisations[0].name = "Caritas\nFake".into()
        }),
        ("city with a zero-width space", |r| {
            r.directory.organisations[0].city = Some("Lon\u{200B}don".into())
        }),
        ("notes with an isolate", |r| {
            r.directory.organisations[0].notes = Some("a\u{2066}b".into())
        }),
        ("email", |r| {
            r.directory.organisations[0].email = Some("no address".into())
        }),
        ("language", |r| {
            r.directory.organisations[0].languages = vec!["Lithuanian".into()]
        }),
        ("note with C1", |r| {
            r.guidance[0].lt = Some("a\u{9b}b".into())
        }),
        ("note id", |r| r.guidance[0].id = "1\u{202E}".into()),
        ("receipt date", |r| {
            r.receipts[0].received_at = "yesterday".into()
        }),
        ("receipt kind", |r| {
            r.receipts[0].kind = "\u{1b}]0;x\u{7}".into()
        }),
        ("set-aside reference", |r| {
            r.set_aside.push(SetAside {
                reference: "LT-LON-2026-0001\u{202E}".into(),
                revision: 1,
                received_at: "2026-12-01T10:00:00Z".into(),
                resolved: false,
            })
        }),
        ("set-aside date", |r| {
            r.set_aside.push(SetAside {
                reference: "LT-LON-2026-0001".into(),
                revision: 1,
                received_at: "\u{1b}[31m".into(),
                resolved: false,
            })
        }),
    ];
    for (what, spoil) in cases {
        let mut reply = sample();
        spoil(&mut reply);
        let problem = reply.problem();
        assert!(problem.is_some(), "{what}");
        assert!(
            problem.as_deref().is_some_and(|p| is_clean(p, false)),
            "{what}: {problem:?}"
        );
    }
    assert_eq!(shown("a\u{202E}b\u{1b}"), "a\\u{202E}b\\u{001B}");
}

#[test]
fn a_sample_reply_has_no_problem() {
    assert_eq!(sample().problem(), None);
}

/// One mark far out would stop the mission making cases: refused.
#[test]
fn high_water_marks_beyond_the_bounds_or_of_another_form_are_refused() {
    let mut reply = sample();
    reply
        .high_water
        .references
        .insert("LT-LON-2026".into(), u64::MAX);
    assert!(
        reply
            .problem()
            .is_some_and(|p| p.contains("beyond any case number"))
    );
    let mut reply = sample();
    reply
        .high_water
        .references
        .insert("LT-LON-2026".into(), 999_999);
    assert_eq!(reply.problem(), None);
    for prefix in [
        "LT-LON-26",
        "LT-LON-2026-X",
        "LT-LONX-2026",
        "LT-RIG-2026",
        "LT-LON",
    ] {
        let mut reply = sample();
        reply.high_water.references.insert(prefix.into(), 1);
        assert!(
            reply
                .problem()
                .is_some_and(|p| p.contains("reference prefix")),
            "{prefix}"
        );
    }
    let mut reply = sample();
    for year in 0..=crate::vault::MAX_HIGH_WATER_PREFIXES {
        reply
            .high_water
            .references
            .insert(format!("LT-LON-{year:04}"), 1);
    }
    assert!(reply.problem().is_some_and(|p| p.contains("prefixes")));
    let mut reply = sample();
    reply.high_water.export_sequence = u64::MAX;
    assert!(
        reply
            .problem()
            .is_some_and(|p| p.contains("highest export number"))
    );
    let mut reply = sample();
    reply
        .high_water
        .export_sequences
        .insert("yesterday".into(), 1);
    assert!(reply.problem().is_some_and(|p| p.contains("restore epoch")));
    let mut reply = sample();
    reply
        .high_water
        .export_sequences
        .insert(String::new(), 1_000_000);
    assert!(reply.problem().is_some_and(|p| p.contains("restore epoch")));
    let mut reply = sample();
    reply.receipts[0].sequence = 1_000_000;
    assert!(reply.problem().is_some());
}

#[test]
fn a_guidance_note_reads_in_the_language_asked_or_in_the_one_it_has() {
    use crate::i18n::Language;
    let note = |lt: Option<&str>, en: Option<&str>| GuidanceNote {
        id: "2026-11-01-1".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
        lt: lt.map(str::to_owned),
        en: en.map(str::to_owned),
    };
    let both = note(Some("Pranešimas"), Some("Notice"));
    assert_eq!(both.text_in(Language::Lithuanian), "Pranešimas");
    assert_eq!(both.text_in(Language::English), "Notice");
    assert_eq!(
        note(Some("Pranešimas"), None).text_in(Language::English),
        "Pranešimas"
    );
    assert_eq!(
        note(None, Some("Notice")).text_in(Language::Lithuanian),
        "Notice"
    );
    assert_eq!(note(None, None).text_in(Language::English), "");
}
