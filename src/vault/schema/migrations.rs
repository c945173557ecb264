//! The migrations' SQL, in order: migration `i` takes the schema from
//! version `i` to `i + 1`. Append-only: never edit a released migration;
//! add the next one (and, if it needs the application too, a step in
//! `schema.rs`'s `migrate`).

/// Migration `i` takes the schema from version `i` to `i + 1`.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE cases (
        seq                INTEGER PRIMARY KEY,
        id                 BLOB NOT NULL UNIQUE,
        reference          TEXT NOT NULL UNIQUE,
        origin_mission     TEXT NOT NULL,
        revision           INTEGER NOT NULL,
        status             TEXT NOT NULL,
        trafficking_status TEXT,
        first_contact_date TEXT NOT NULL,
        next_due           TEXT,
        given_name         TEXT,
        family_name        TEXT,
        created_at         TEXT NOT NULL,
        created_by         TEXT NOT NULL,
        updated_at         TEXT NOT NULL,
        updated_by         TEXT NOT NULL,
        synthetic          INTEGER NOT NULL,
        body               TEXT NOT NULL
    ) STRICT;
    CREATE INDEX cases_by_first_contact ON cases (first_contact_date);
    CREATE INDEX cases_by_status ON cases (status, first_contact_date);
    CREATE INDEX cases_by_trafficking_status ON cases (trafficking_status, first_contact_date);
    CREATE INDEX cases_by_update ON cases (updated_at);
    CREATE INDEX cases_by_due ON cases (next_due) WHERE next_due IS NOT NULL;

    -- A case counts once under each of its forms of exploitation.
    CREATE TABLE case_forms (
        form     TEXT NOT NULL,
        case_seq INTEGER NOT NULL REFERENCES cases (seq) ON DELETE CASCADE,
        PRIMARY KEY (form, case_seq)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX case_forms_by_case ON case_forms (case_seq);

    CREATE TABLE tombstones (
        id             BLOB PRIMARY KEY,
        reference      TEXT NOT NULL,
        origin_mission TEXT NOT NULL,
        revision       INTEGER NOT NULL,
        erased_at      TEXT NOT NULL,
        erased_by      TEXT NOT NULL
    ) STRICT;

    CREATE TABLE reference_counters (
        prefix TEXT PRIMARY KEY,
        last   INTEGER NOT NULL
    ) STRICT;

    -- Contentless: the index keeps no second copy of the text, and rows can
    -- be deleted. Diacritics are folded, so "zemaityte" finds "Žemaitytė".
    CREATE VIRTUAL TABLE case_search USING fts5 (
        reference, names, places, text,
        content = '',
        contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );

    CREATE TABLE audit (
        seq     INTEGER PRIMARY KEY,
        at      TEXT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        subject TEXT,
        detail  TEXT,
        hash    BLOB NOT NULL
    ) STRICT;
    "#,
    // 2: exchange between missions and the commission.
    r#"
    -- Mission: the revision of each case (or tombstone) last exported.
    CREATE TABLE export_marks (
        id       BLOB PRIMARY KEY,
        revision INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    -- Commission: the missions whose signing keys were approved.
    CREATE TABLE missions (
        code        TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        vault_id    TEXT NOT NULL,
        public_key  BLOB NOT NULL,
        approved_at TEXT NOT NULL,
        approved_by TEXT NOT NULL
    ) STRICT;

    -- Commission: every export file imported, by the digest of its manifest.
    CREATE TABLE received_exports (
        digest      BLOB PRIMARY KEY,
        mission     TEXT NOT NULL,
        sequence    INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
    ) STRICT;
    CREATE INDEX received_exports_by_mission ON received_exports (mission, sequence);

    -- Commission: versions of a case that arrived with the same revision as
    -- the stored one but different content, set aside for an analyst.
    CREATE TABLE conflicts (
        seq         INTEGER PRIMARY KEY,
        id          BLOB NOT NULL,
        revision    INTEGER NOT NULL,
        digest      BLOB NOT NULL,
        record      TEXT NOT NULL,
        received_at TEXT NOT NULL,
        resolved_at TEXT,
        UNIQUE (id, revision, digest)
    ) STRICT;
    "#,
    // 3: the countable facts of each case, for statistics (made from the
    // records after this migration: `fill_facts`).
    r#"
    CREATE TABLE case_facts (
        case_seq INTEGER PRIMARY KEY REFERENCES cases (seq) ON DELETE CASCADE,
        facts    TEXT NOT NULL
    ) STRICT;
    "#,
    // 4: the full record moves out of `cases` into its own table, so that
    // the list's rows are a few per page instead of one (a page read means a
    // page decrypted); the forms carry the date of first contact, so that a
    // list filtered by form is read in order from one index.
    r#"
    CREATE TABLE case_bodies (
        case_seq INTEGER PRIMARY KEY REFERENCES cases (seq) ON DELETE CASCADE,
        body     TEXT NOT NULL
    ) STRICT;
    INSERT INTO case_bodies (case_seq, body) SELECT seq, body FROM cases;
    ALTER TABLE cases DROP COLUMN body;

    ALTER TABLE case_forms ADD COLUMN first_contact_date TEXT NOT NULL DEFAULT '';
    UPDATE case_forms SET first_contact_date =
        (SELECT c.first_contact_date FROM cases c WHERE c.seq = case_forms.case_seq);
    CREATE INDEX case_forms_by_form_and_date ON case_forms (form, first_contact_date, case_seq);
    "#,
    // 5: the statistics' facts are stored in a compact form; they are made
    // again from the cases at the next unlock.
    r#"
    DELETE FROM case_facts;
    DELETE FROM settings WHERE key = 'case_facts_complete';
    "#,
    // 6: records are kept compressed (`record.rs`); `pack_records` moves
    // them over from `case_bodies` and drops it.
    r#"
    CREATE TABLE case_records (
        case_seq INTEGER PRIMARY KEY REFERENCES cases (seq) ON DELETE CASCADE,
        record   BLOB NOT NULL
    ) STRICT;
    "#,
    // 7: restore epochs (`epoch.rs`): the epoch each revision was saved in,
    // and, at the commission, the epoch of each export received and the
    // sequence number it continues from.
    r#"
    ALTER TABLE cases ADD COLUMN epoch TEXT;
    ALTER TABLE received_exports ADD COLUMN epoch TEXT;
    ALTER TABLE received_exports ADD COLUMN epoch_after INTEGER NOT NULL DEFAULT 0;
    "#,
    // 8: the statistics' facts say whether a case is synthetic (never
    // counted), so they are made again from the cases at the next unlock;
    // the synthetic cases are found through a small partial index (the case
    // list warns while a vault holds any).
    r#"
    DELETE FROM case_facts;
    DELETE FROM settings WHERE key = 'case_facts_complete';
    CREATE INDEX cases_synthetic ON cases (seq) WHERE synthetic = 1;
    "#,
    // 9: the facts are made by the migrations (`fill_facts`), no longer at
    // each unlock behind a flag; the facts an unlock cut short left unmade
    // are made now.
    r#"
    DELETE FROM settings WHERE key = 'case_facts_complete';
    "#,
    // 10: the editor's unsaved draft, kept at lock (`draft.rs`) inside the
    // encrypted database, one per officer, until it is restored, saved or
    // discarded.
    r#"
    CREATE TABLE drafts (
        officer  TEXT PRIMARY KEY,
        case_id  TEXT,
        saved_at TEXT NOT NULL,
        body     BLOB NOT NULL
    ) STRICT;
    "#,
    // 11: a case's owner, the officer responsible for it (several officers
    // share a vault): NULL while it is the officer who created the case,
    // which every case is until a handover moves one (`Vault::case_owner`
    // reads `coalesce(owner, created_by)`). Local to the vault: an export
    // does not carry it.
    r#"
    ALTER TABLE cases ADD COLUMN owner TEXT;
    "#,
    // 12: the list sorted by status goes by the order of the work (active,
    // follow-up, closed), an expression no index had: a page of a million
    // cases sorted so read them all. The expression is `SortKey::Status`'s,
    // character for character (SQLite uses an index on an expression only
    // for the same expression).
    r#"
    CREATE INDEX cases_by_work_order ON cases (
        (CASE status WHEN 'Active' THEN 0 WHEN 'FollowUp' THEN 1 WHEN 'Closed' THEN 2 ELSE 3 END),
        seq
    );
    "#,
    // 13: handovers (`handover.rs`): each move of a case from one officer
    // to another, with its note (case content, so here inside the
    // encrypted database and never in the audit log), and whether the
    // receiving officer has seen it yet (the unseen ones are found through
    // a small partial index at each unlock). Erasing a case deletes its
    // handovers with it.
    r#"
    CREATE TABLE handovers (
        seq          INTEGER PRIMARY KEY,
        case_seq     INTEGER NOT NULL REFERENCES cases (seq) ON DELETE CASCADE,
        at           TEXT NOT NULL,
        by_officer   TEXT NOT NULL,
        from_officer TEXT NOT NULL,
        to_officer   TEXT NOT NULL,
        note         TEXT,
        seen_at      TEXT
    ) STRICT;
    CREATE INDEX handovers_by_case ON handovers (case_seq);
    CREATE INDEX handovers_unseen ON handovers (to_officer, case_seq) WHERE seen_at IS NULL;
    "#,
    // 14: the commission's history of each mission's signing keys
    // (`missions/keys.rs`): the key approved at the first import, keys
    // approved later by phone (`missions --replace-key`, the key itself
    // learned from the first file it signs) or by a rotation statement, and
    // keys replaced or revoked, with up to which export (`accept_epoch`,
    // `accept_through`) a retired key's files are still taken. `missions`
    // keeps the code, name and first key as before. The cases each mission
    // holds are counted from an index (the Missions screen).
    r#"
    CREATE TABLE mission_keys (
        seq            INTEGER PRIMARY KEY,
        mission        TEXT NOT NULL,
        fingerprint    TEXT NOT NULL,
        public_key     BLOB,
        status         TEXT NOT NULL CHECK (status IN ('approved', 'replaced', 'revoked')),
        approved_how   TEXT NOT NULL CHECK (approved_how IN ('first-import', 'phone', 'rotation')),
        approved_at    TEXT NOT NULL,
        approved_by    TEXT NOT NULL,
        retired_at     TEXT,
        retired_by     TEXT,
        accept_epoch   TEXT,
        accept_through INTEGER,
        UNIQUE (mission, fingerprint)
    ) STRICT;
    CREATE UNIQUE INDEX mission_keys_current ON mission_keys (mission) WHERE status = 'approved';
    CREATE INDEX cases_by_origin ON cases (origin_mission);
    "#,
    // 15: the reply from
    // the commission to a mission (`receipts.rs`). At the commission, what
    // each import did (its counts, JSON; NULL for files imported before)
    // and each mission's reply recipient; at a mission, every export it
    // made (filled from the audit log for those made before:
    // `fill_sent_exports`), the commission's receipts, the replies applied
    // and the guidance notes received.
    r#"
    ALTER TABLE received_exports ADD COLUMN counts TEXT;

    CREATE TABLE mission_recipients (
        code       TEXT PRIMARY KEY,
        vault_id   TEXT NOT NULL,
        recipient  TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE sent_exports (
        sequence   INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        cases      INTEGER NOT NULL,
        tombstones INTEGER NOT NULL,
        epoch      TEXT,
        digest     BLOB
    ) STRICT;

    CREATE TABLE export_receipts (
        digest      BLOB PRIMARY KEY,
        sequence    INTEGER NOT NULL,
        epoch       TEXT,
        imported_at TEXT NOT NULL,
        counts      TEXT
    ) STRICT;
    CREATE INDEX export_receipts_by_sequence ON export_receipts (sequence);

    CREATE TABLE replies (
        digest      BLOB PRIMARY KEY,
        created_at  TEXT NOT NULL,
        received_at TEXT NOT NULL,
        received_by TEXT NOT NULL
    ) STRICT;

    CREATE TABLE guidance_notes (
        id          TEXT PRIMARY KEY,
        dated       TEXT NOT NULL,
        body        TEXT NOT NULL,
        received_at TEXT NOT NULL,
        read_at     TEXT
    ) STRICT;
    "#,
    // 16: the owner of a case as every owner filter writes it ("My cases",
    // `list --owner`, `reassign --from`, the open cases counted for a
    // handover), with the status the open ones are told by: a mission of
    // 100,000 cases finds an officer's without reading every case.
    r#"
    CREATE INDEX cases_by_owner ON cases (coalesce(owner, created_by), status);
    "#,
    // 17: the commission records, for each export received, the key that
    // signed it (compact fingerprint) and the mission vault it came from:
    // a revoked key's window is placed in the epoch of its own files, and
    // a rebuilt vault's numbers are not mixed with the old vault's
    // (`missions/keys.rs`, `missions.rs`). Files received before: their
    // mission's registered vault, and, for a mission that had one key
    // only, that key ([`super::missions::note_signers`]).
    r#"
    ALTER TABLE received_exports ADD COLUMN signer TEXT;
    ALTER TABLE received_exports ADD COLUMN vault_id TEXT;
    UPDATE received_exports
       SET vault_id = (SELECT vault_id FROM missions WHERE code = received_exports.mission);
    "#,
    // 18: the reply address of a mission is kept with the signing key of
    // the file that carried it, and that file's restore epoch and number:
    // a reply goes only to an address the mission's approved key gave
    // (never a revoked or replaced key's), and a later file is told by its
    // epoch and number, not by the date the mission wrote in it. Addresses
    // kept before carry no key: the next export of the approved key gives
    // one again.
    r#"
    ALTER TABLE mission_recipients ADD COLUMN signing_key BLOB;
    ALTER TABLE mission_recipients ADD COLUMN epoch TEXT;
    ALTER TABLE mission_recipients ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
    "#,
    // 19: the facts gain recruitment, urgent needs, the referrals'
    // organisation types and outcomes, assisted returns and reflection
    // periods, for the commission's annual report; they are made again
    // (`fill_facts`).
    r#"
    DELETE FROM case_facts;
    "#,
    // 20: at a mission, what the commission's replies said of its own
    // keys (replaced or revoked, when, and the export numbers still
    // accepted), once per key and event (`key_events.rs`), and the ids of
    // the guidance notes it withdrew (`receipts.rs`).
    r#"
    CREATE TABLE own_key_events (
        event            TEXT NOT NULL CHECK (event IN ('mission-key-replaced', 'mission-key-revoked')),
        fingerprint      TEXT NOT NULL,
        at               TEXT NOT NULL,
        epoch            TEXT,
        accepted_through INTEGER,
        received_at      TEXT NOT NULL,
        PRIMARY KEY (event, fingerprint)
    ) STRICT;
    -- and the guidance notes the commission withdrew: hidden, whatever
    -- an older reply carries.
    CREATE TABLE withdrawn_notes (
        id           TEXT PRIMARY KEY,
        withdrawn_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 21: keeping less at the mission (`stubs.rs`). Each export mark says
    // which export first carried the case's revision (NULL: marked before
    // this, or never carried, e.g. a synthetic case), so that a case is
    // known to be held by the commission once that export is confirmed;
    // and a case reduced to a stub (reference, dates and statuses only) is
    // marked so, never exported again and read-only.
    r#"
    ALTER TABLE export_marks ADD COLUMN sequence INTEGER;
    ALTER TABLE cases ADD COLUMN stub INTEGER NOT NULL DEFAULT 0;
    "#,
    // 22: consent withdrawn for a stub (`withdrawals.rs`): at a mission the
    // instruction it sends (`exported`: carried by an export), at the
    // commission the instructions received, which keep every later version
    // of the case redacted. At the commission, which tombstones it made
    // itself (an erasure due), which its replies tell the mission of; at a
    // mission, the cases its replies said the commission erased (never
    // reduced to a stub). The commission's earlier erasures are known from
    // its audit log (`case-erased` by the officer the tombstone names; an
    // import audits `import`, and a mission's tombstone names a mission
    // officer).
    r#"
    CREATE TABLE consent_withdrawals (
        id             BLOB PRIMARY KEY,
        reference      TEXT NOT NULL,
        origin_mission TEXT NOT NULL,
        withdrawn_at   TEXT NOT NULL,
        withdrawn_by   TEXT NOT NULL,
        exported       INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    ALTER TABLE tombstones ADD COLUMN at_commission INTEGER NOT NULL DEFAULT 0;
    UPDATE tombstones SET at_commission = 1
        WHERE origin_mission IN (SELECT code FROM missions)
        AND erased_by IN (SELECT actor FROM audit
            WHERE action = 'case-erased' AND subject = tombstones.reference);
    CREATE TABLE erased_at_commission (
        reference   TEXT PRIMARY KEY,
        erased_at   TEXT NOT NULL,
        received_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 23: which export carried each withdrawn consent (a mission's
    // `consent_withdrawals.export_sequence`, NULL while pending; one that
    // is pending can still be retracted), and how many each export made
    // carried (`sent_exports.withdrawals`, for `casebook exports`).
    r#"
    ALTER TABLE consent_withdrawals ADD COLUMN export_sequence INTEGER;
    ALTER TABLE sent_exports ADD COLUMN withdrawals INTEGER NOT NULL DEFAULT 0;
    "#,
];
