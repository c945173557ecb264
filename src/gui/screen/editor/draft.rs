//! The editor's unsaved draft: what is kept inside the vault when it locks
//! with changes unsaved, and the editor made again from it at unlock.

use super::*;

/// The editor's unsaved state, serialised to be kept inside the vault at
/// locking (`Vault::keep_draft`): never written anywhere else.
pub struct Draft {
    /// The stored case it changes, if any.
    pub case_id: Option<String>,
    pub body: zeroize::Zeroizing<Vec<u8>>,
}

/// What a draft holds: the case as parsed and every field as typed.
#[derive(serde::Serialize)]
struct DraftOut<'a> {
    case_id: Option<String>,
    case: &'a Case,
    inputs: Vec<(Field, &'a str)>,
    document_type: Option<DocumentType>,
    section: Section,
}

#[derive(serde::Deserialize)]
struct DraftIn {
    case_id: Option<String>,
    case: Case,
    inputs: Vec<(Field, String)>,
    document_type: Option<DocumentType>,
    section: Section,
}

/// A draft read back at unlock, with the stored case it changes.
pub struct Restored {
    record: Option<CaseRecord>,
    draft: DraftIn,
}

impl std::fmt::Debug for Restored {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Restored")
    }
}

impl Clone for Restored {
    fn clone(&self) -> Self {
        Restored {
            record: self.record.clone(),
            draft: DraftIn {
                case_id: self.draft.case_id.clone(),
                case: self.draft.case.clone(),
                inputs: self.draft.inputs.clone(),
                document_type: self.draft.document_type,
                section: self.draft.section,
            },
        }
    }
}

impl Drop for Restored {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.record.zeroize();
        self.draft.case.zeroize();
        self.draft
            .inputs
            .iter_mut()
            .for_each(|(_, text)| text.zeroize());
    }
}

impl Restored {
    /// Reads a kept draft; `stored` finds the case it changes by its id.
    /// `None` if it does not read or its case is gone.
    pub fn read(body: &[u8], stored: impl FnOnce(&str) -> Option<CaseRecord>) -> Option<Restored> {
        let draft: DraftIn = serde_json::from_slice(body).ok()?;
        let record = match &draft.case_id {
            Some(id) => Some(stored(id)?),
            None => None,
        };
        Some(Restored { record, draft })
    }
}

impl Editor {
    /// The unsaved changes, to keep inside the vault at locking; `None`
    /// when there are none (or the case cannot change here).
    pub fn draft(&self) -> Option<Draft> {
        if !self.dirty || self.read_only.is_some() {
            return None;
        }
        let case_id = self.record.as_ref().map(|r| r.meta.id.to_string());
        let out = DraftOut {
            case_id: case_id.clone(),
            case: &self.case,
            inputs: self
                .inputs
                .iter()
                .map(|(field, text)| (*field, text.as_str()))
                .collect(),
            document_type: self.document_type,
            section: self.section,
        };
        let body = zeroize::Zeroizing::new(serde_json::to_vec(&out).ok()?);
        Some(Draft { case_id, body })
    }

    /// The editor as it was at the lock, every field as typed, unsaved.
    pub fn restore(
        mut restored: Restored,
        today: NaiveDate,
        officer: &str,
        i18n: &I18n,
    ) -> (Editor, Action) {
        let record = restored.record.take();
        let case = std::mem::take(&mut restored.draft.case);
        let mut editor = Editor::with(record, case, today, officer, i18n);
        for (field, text) in restored.draft.inputs.drain(..) {
            if let Some(mut old) = editor.inputs.insert(field, text) {
                zeroize::Zeroize::zeroize(&mut old);
            }
        }
        editor.notes = Notes::new(editor.input(Field::Notes));
        editor.document_type = restored.draft.document_type;
        editor.section = restored.draft.section;
        editor.dirty = true;
        editor.restored = true;
        editor.revalidate();
        (editor, Action::None)
    }
}
