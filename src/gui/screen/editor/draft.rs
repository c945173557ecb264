//! The editor's unsaved draft: what is kept inside the vault when it locks
//! with changes unsaved, and the editor made again from it at unlock.

use iced::Element;
use iced::widget::text;

use super::*;
use crate::gui::theme;

/// The editor's unsaved state, serialised to be kept inside the vault at
/// locking (`Vault::keep_draft`): never written anywhere else.
pub struct Draft {
    /// The stored case it changes, if any.
    pub case_id: Option<String>,
    pub body: zeroize::Zeroizing<Vec<u8>>,
}

/// What a draft holds: the case as parsed and every field as typed, and
/// the revision of the stored case it was taken from.
#[derive(serde::Serialize)]
struct DraftOut<'a> {
    case_id: Option<String>,
    revision: Option<u32>,
    case: &'a Case,
    inputs: Vec<(Field, &'a str)>,
    document_type: Option<DocumentType>,
    section: Section,
}

/// A draft read back. Every text it holds is wiped when it goes, on the
/// paths that restore it and on those that do not.
#[derive(serde::Deserialize)]
struct DraftIn {
    case_id: Option<String>,
    /// Absent in a draft kept before drafts recorded it: then the stored
    /// case is taken to have changed since (the officer is told).
    #[serde(default)]
    revision: Option<u32>,
    case: Case,
    inputs: Vec<(Field, String)>,
    document_type: Option<DocumentType>,
    section: Section,
}

impl Drop for DraftIn {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.case.zeroize();
        self.inputs.iter_mut().for_each(|(_, text)| text.zeroize());
    }
}

/// A draft read back at unlock, with the stored case it changes.
pub struct Restored {
    record: Option<CaseRecord>,
    draft: DraftIn,
}

/// How the stored case stands to a draft restored over it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Restoration {
    /// A new case, or a stored case as it was when the draft was kept.
    AsLeft,
    /// The stored case was saved again after the draft was kept (the
    /// draft's removal at that save failed, or another program changed
    /// the vault): saving the draft replaces that version, so the form
    /// says so before the officer does.
    ChangedSince {
        by: String,
        at: chrono::DateTime<chrono::Utc>,
    },
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
                revision: self.draft.revision,
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
        // The draft wipes itself.
        self.record.zeroize();
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

    /// How the stored case stands to the draft.
    fn restoration(&self) -> Restoration {
        match &self.record {
            Some(record)
                if self
                    .draft
                    .revision
                    .is_none_or(|at| record.meta.revision > at) =>
            {
                Restoration::ChangedSince {
                    by: record.meta.updated_by.clone(),
                    at: record.meta.updated_at,
                }
            }
            _ => Restoration::AsLeft,
        }
    }
}

/// `value` serialised as JSON into a buffer that is wiped when it goes:
/// measured first, so that the buffer is allocated once at its size and
/// never grown (growing would free a copy unwiped); on an error, what was
/// written is wiped too.
fn to_json_wiped(value: &impl serde::Serialize) -> Option<zeroize::Zeroizing<Vec<u8>>> {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).ok()?;
    let mut body = zeroize::Zeroizing::new(Vec::with_capacity(count.0));
    serde_json::to_writer(&mut *body, value).ok()?;
    // Written as measured: the buffer was never moved.
    debug_assert_eq!(body.len(), body.capacity());
    Some(body)
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
            revision: self.record.as_ref().map(|r| r.meta.revision),
            case: &self.case,
            inputs: self
                .inputs
                .iter()
                .map(|(field, text)| (*field, text.as_str()))
                .collect(),
            document_type: self.document_type,
            section: self.section,
        };
        let body = to_json_wiped(&out)?;
        Some(Draft { case_id, body })
    }

    /// The editor as it was at the lock, every field as typed, unsaved.
    pub fn restore(
        mut restored: Restored,
        today: NaiveDate,
        officer: &str,
        i18n: &I18n,
    ) -> (Editor, Action) {
        let restoration = restored.restoration();
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
        editor.restored = Some(restoration);
        editor.revalidate();
        (editor, Action::None)
    }

    /// What the form says of the draft it was opened from, if it was.
    pub(super) fn restored_notice(&self, i18n: &I18n) -> Option<Element<'_, Message>> {
        let said = match self.restored.as_ref()? {
            Restoration::AsLeft => i18n.t("editor-draft-restored"),
            Restoration::ChangedSince { by, at } => i18n.t_with(
                "editor-draft-restored-changed-since",
                &[
                    ("officer", by.clone().into()),
                    ("when", at.format("%Y-%m-%d %H:%M UTC").to_string().into()),
                ],
            ),
        };
        Some(
            text(said)
                .size(theme::TEXT_S)
                .style(|t| text::Style {
                    color: Some(theme::muted(t)),
                })
                .into(),
        )
    }
}

#[cfg(test)]
mod tests {
    /// The body is written into one buffer of its measured size, which is
    /// never grown (a grown buffer leaves its old copy unwiped), and holds
    /// exactly the JSON of the draft.
    #[test]
    fn a_draft_is_serialised_into_one_buffer_of_its_size() {
        let notes = "Came in with a cousin;\n\"she\" said \\ Žemaitė. ".repeat(300);
        let value = serde_json::json!({ "given_name": "Žemaitė", "notes": notes });
        let body = super::to_json_wiped(&value).unwrap_or_else(|| panic!("not serialised"));
        let plain = serde_json::to_vec(&value).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(body.as_slice(), plain.as_slice());
        assert_eq!(body.len(), body.capacity(), "the buffer grew");
    }
}
