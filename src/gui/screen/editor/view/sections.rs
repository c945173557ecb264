//! The later sections of the form: exploitation and its steps, referrals,
//! assistance, follow-ups and notes (the first ones are in the parent).

use iced::widget::column;

use super::*;

impl Editor {
    pub(super) fn exploitation_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let exploitation = &self.case.exploitation;
        let heading = |key: &str| text(i18n.t(key)).size(theme::TEXT_M).font(theme::BOLD);
        column![
            self.picker(
                i18n,
                "field-relationship",
                vocab_choices(i18n, "Relationship", Relationship::ALL),
                choice(
                    i18n,
                    "Relationship",
                    exploitation.relationship_to_trafficker
                ),
                Message::Relationship
            ),
            self.text_field(i18n, Field::AgeTrafficked, "field-age-trafficked", ""),
            self.picker(
                i18n,
                "field-labour-industry",
                vocab_choices(i18n, "LabourIndustry", LabourIndustry::ALL),
                choice(i18n, "LabourIndustry", exploitation.labour_industry),
                Message::Industry
            ),
            heading("field-sexual-exploitation"),
            self.checklist(
                i18n,
                "SexExploitationType",
                SexExploitationType::ALL,
                &exploitation.sexual_exploitation_types,
                Message::SexType
            ),
            heading("field-recruitment"),
            self.checklist(
                i18n,
                "RecruitmentMethod",
                RecruitmentMethod::ALL,
                &exploitation.recruitment_methods,
                Message::Recruitment
            ),
            heading("field-means-of-control"),
            self.checklist(
                i18n,
                "MeansOfControl",
                MeansOfControl::ALL,
                &exploitation.means_of_control,
                Message::Control
            ),
            heading("field-events"),
            self.events_view(i18n),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    /// The trafficking history: one row per event, and a form to add one.
    pub(super) fn events_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let existing = column(
            self.case
                .exploitation
                .events
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    row![
                        text(i18n.vocab("EventType", e.kind.as_str()))
                            .width(Length::FillPortion(2)),
                        text(e.date.map(|d| self.date_text(d)).unwrap_or_default())
                            .width(Length::FillPortion(2)),
                        text(
                            [e.city.as_deref(), e.country.as_deref()]
                                .into_iter()
                                .flatten()
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                        .width(Length::FillPortion(2)),
                        text(e.description.clone().unwrap_or_default())
                            .width(Length::FillPortion(4)),
                        self.remove_button(i18n, Message::RemoveEvent(i)),
                    ]
                    .spacing(theme::SPACE_S)
                    .into()
                }),
        )
        .spacing(theme::SPACE_S);
        let can_add = parse_date(self.input(Field::EventDate)).is_ok() && self.event_type.is_some();
        column![
            existing,
            row![
                self.picker(
                    i18n,
                    "field-event-type",
                    vocab_options(i18n, "EventType", EventType::ALL),
                    choice(i18n, "EventType", self.event_type),
                    Message::EventType
                ),
                self.text_field(i18n, Field::EventDate, "field-date", "hint-date"),
            ]
            .spacing(theme::SPACE_M),
            row![
                self.country_field(i18n, CountryField::Event, "field-event-country"),
                self.text_field(i18n, Field::EventCity, "field-event-city", ""),
            ]
            .spacing(theme::SPACE_M),
            self.text_field(i18n, Field::EventDescription, "field-event-description", ""),
            self.pressable(
                button(text(i18n.t("editor-add-event"))),
                can_add.then_some(Message::AddEvent)
            ),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    pub(super) fn referrals_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let headings = table_headings(
            i18n,
            &[
                ("field-date", 1),
                ("field-organisation", 3),
                ("field-service", 2),
                ("field-outcome", 2),
                ("editor-share-identity", 2),
            ],
        );
        let rows = self.case.referrals.iter().enumerate().map(|(i, r)| {
            // Ticked: the person agrees that this organisation receives
            // their name, phone and e-mail (its letter carries them). The
            // label says so whether ticked or not, for a screen reader too.
            let share = container(self.check(
                r.share_identity,
                i18n.t("editor-share-identity-agreed"),
                move |on| Message::ShareIdentity(i, on),
            ))
            .width(Length::FillPortion(2));
            row![
                text(self.date_text(r.date)).width(Length::FillPortion(1)),
                text(r.organisation.clone()).width(Length::FillPortion(3)),
                text(i18n.vocab("ReferralService", r.service.as_str()))
                    .width(Length::FillPortion(2)),
                text(
                    r.outcome
                        .map(|o| i18n.vocab("ReferralOutcome", o.as_str()))
                        .unwrap_or_default()
                )
                .width(Length::FillPortion(2)),
                share,
                self.remove_button(i18n, Message::RemoveReferral(i)),
            ]
            .spacing(theme::SPACE_S)
            .align_y(Alignment::Center)
            .into()
        });
        let existing = table(i18n, headings, rows, "editor-no-referrals");
        let can_add = matches!(parse_date(self.input(Field::ReferralDate)), Ok(Some(_)))
            && !self.input(Field::ReferralOrganisation).trim().is_empty()
            && self.referral_service.is_some();
        let unreadable = self.directory.unreadable().then(|| {
            container(text(i18n.t("editor-directory-unreadable")))
                .padding(theme::SPACE_M)
                .style(theme::error_banner)
                .width(Length::Fill)
        });
        column![
            existing,
            text(i18n.t("editor-add-referral"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            unreadable,
            row![
                self.text_field(i18n, Field::ReferralDate, "field-date", "hint-date"),
                self.organisation_field(i18n),
            ]
            .spacing(theme::SPACE_M),
            row![
                self.picker(
                    i18n,
                    "field-organisation-type",
                    vocab_choices(i18n, "OrganisationType", OrganisationType::ALL),
                    choice(i18n, "OrganisationType", self.referral_type),
                    Message::ReferralOrganisationType
                ),
                self.picker(
                    i18n,
                    "field-service",
                    vocab_options(i18n, "ReferralService", ReferralService::ALL),
                    choice(i18n, "ReferralService", self.referral_service),
                    Message::ReferralService
                ),
                self.picker(
                    i18n,
                    "field-outcome",
                    vocab_choices(i18n, "ReferralOutcome", ReferralOutcome::ALL),
                    choice(i18n, "ReferralOutcome", self.referral_outcome),
                    Message::ReferralOutcome
                ),
            ]
            .spacing(theme::SPACE_M),
            self.pressable(
                button(text(i18n.t("editor-add"))),
                can_add.then_some(Message::AddReferral)
            ),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    /// The referral's organisation: typed freely, or picked from the
    /// commission's directory by name, city or service (a pick fills the
    /// name and the type).
    fn organisation_field<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let field = Field::ReferralOrganisation;
        let entries = self.listed(i18n);
        let picker = crate::gui::widget::search_pick(
            field.id(),
            &i18n.t("hint-organisation-search"),
            self.input(field),
            move |typed| super::super::directory::search(&entries, typed),
            None,
            move |typed| Message::FieldChanged(field, typed),
            Message::OrganisationPicked,
        )
        .padding(8)
        .style(invalid_if(self.error_for(field.path()).is_some()));
        let picker = self.text_stop(field.id(), picker);
        self.labelled(i18n, "field-organisation", picker, field.path())
    }

    pub(super) fn assistance_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let assistance = &self.case.assistance;
        column![
            text(i18n.t("field-urgent-needs"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            self.checklist(
                i18n,
                "UrgentNeed",
                UrgentNeed::ALL,
                &assistance.urgent_needs,
                Message::UrgentNeed
            ),
            self.switch(
                assistance.travel_document_issued.unwrap_or(false),
                i18n.t("field-travel-document"),
                Message::TravelDocument
            ),
            self.switch(
                assistance.return_assisted.unwrap_or(false),
                i18n.t("field-return-assisted"),
                Message::ReturnAssisted
            ),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    pub(super) fn follow_ups_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let headings = table_headings(
            i18n,
            &[
                ("field-date", 1),
                ("field-follow-up-kind", 1),
                ("field-summary", 3),
                ("field-next-action-due", 1),
            ],
        );
        let rows = self.case.follow_ups.iter().enumerate().map(|(i, f)| {
            row![
                text(self.date_text(f.date)).width(Length::FillPortion(1)),
                text(i18n.vocab("FollowUpKind", f.kind.as_str())).width(Length::FillPortion(1)),
                text(f.summary.clone().unwrap_or_default()).width(Length::FillPortion(3)),
                text(
                    f.next_action_due
                        .map(|d| self.date_text(d))
                        .unwrap_or_default()
                )
                .width(Length::FillPortion(1)),
                self.remove_button(i18n, Message::RemoveFollowUp(i)),
            ]
            .spacing(theme::SPACE_S)
            .align_y(Alignment::Center)
            .into()
        });
        let existing = table(i18n, headings, rows, "editor-no-follow-ups");
        let can_add = matches!(parse_date(self.input(Field::FollowUpDate)), Ok(Some(_)))
            && parse_date(self.input(Field::FollowUpDue)).is_ok();
        column![
            existing,
            text(i18n.t("editor-add-follow-up"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            row![
                self.text_field(i18n, Field::FollowUpDate, "field-date", "hint-date"),
                self.picker(
                    i18n,
                    "field-follow-up-kind",
                    vocab_options(i18n, "FollowUpKind", FollowUpKind::ALL),
                    choice(i18n, "FollowUpKind", self.follow_up_kind),
                    Message::FollowUpKind
                ),
            ]
            .spacing(theme::SPACE_M),
            self.text_field(i18n, Field::FollowUpSummary, "field-summary", ""),
            row![
                self.text_field(i18n, Field::FollowUpNextAction, "field-next-action", ""),
                self.text_field(
                    i18n,
                    Field::FollowUpDue,
                    "field-next-action-due",
                    "hint-date"
                ),
            ]
            .spacing(theme::SPACE_M),
            self.pressable(
                button(text(i18n.t("editor-add"))),
                can_add.then_some(Message::AddFollowUp)
            ),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    pub(super) fn notes_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        column![
            self.notes_field(i18n),
            self.text_field(i18n, Field::EraseAfter, "field-erase-after", "hint-date"),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    /// The notes: several lines, a stop of the focus order like a text
    /// field. Enter breaks the line; Tab goes on to the next stop, and the
    /// window's shortcuts (Ctrl+S, Ctrl+L) reach the window.
    fn notes_field<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        use iced::widget::text_editor;
        let wrong = self.error_for(Field::Notes.path()).is_some();
        let editor = text_editor(&self.notes.0)
            .id(Field::Notes.id())
            .on_action(Message::NotesEdited)
            .key_binding(notes_keys)
            .padding(8)
            .min_height(180.0)
            .max_height(480.0)
            .style(move |t, status| theme::text_editor(t, status, wrong));
        let editor = self.text_stop(Field::Notes.id(), editor);
        self.labelled(i18n, "field-notes", editor, Field::Notes.path())
    }
}

/// The width of a row's Remove button, which its heading leaves free.
const REMOVE_WIDTH: f32 = 110.0;

impl Editor {
    /// A row's Remove button, a stop of the focus order.
    fn remove_button<'a>(&self, i18n: &I18n, message: Message) -> Element<'a, Message> {
        self.pressable(
            button(text(i18n.t("editor-remove")))
                .style(button::text)
                .width(REMOVE_WIDTH),
            Some(message),
        )
    }
}

/// The headings of a table of rows: each label with its share of the width,
/// and the place of the rows' Remove buttons left free.
fn table_headings<'a>(i18n: &I18n, columns: &[(&str, u16)]) -> Element<'a, Message> {
    row(columns
        .iter()
        .map(|(key, portion)| {
            text(i18n.t(key))
                .size(theme::TEXT_S)
                .font(theme::BOLD)
                .style(|t| text::Style {
                    color: Some(theme::muted(t)),
                })
                .width(Length::FillPortion(*portion))
                .into()
        })
        .chain(std::iter::once(
            iced::widget::space::horizontal().width(REMOVE_WIDTH).into(),
        )))
    .spacing(theme::SPACE_S)
    .into()
}

/// The rows under their headings, or a line saying there are none yet.
fn table<'a>(
    i18n: &I18n,
    headings: Element<'a, Message>,
    rows: impl Iterator<Item = Element<'a, Message>>,
    empty: &str,
) -> Element<'a, Message> {
    let rows: Vec<_> = rows.collect();
    if rows.is_empty() {
        return crate::gui::widget::hint(i18n.t(empty)).into();
    }
    column![headings, column(rows).spacing(theme::SPACE_S)]
        .spacing(theme::SPACE_S)
        .into()
}

/// The notes' keys: iced's own, but Tab is left to the focus order (no tab
/// is typed), Esc leaves the notes as it leaves a text field (the next Esc
/// closes the case), and Ctrl with a letter other than copy, cut, paste
/// and select-all is a shortcut of the window.
fn notes_keys(
    press: iced::widget::text_editor::KeyPress,
) -> Option<iced::widget::text_editor::Binding<Message>> {
    use iced::keyboard::{Key, key::Named};
    use iced::widget::text_editor::{Binding, Status};
    if !matches!(press.status, Status::Focused { .. }) {
        return None;
    }
    match press.key.as_ref() {
        Key::Named(Named::Tab) => return None,
        Key::Named(Named::Escape) => return Some(Binding::Sequence(vec![Binding::Unfocus])),
        _ => {}
    }
    // Ctrl with a letter is the window's (Ctrl+S, Ctrl+L, Ctrl+N), but for
    // the clipboard's; Ctrl with an arrow, Home or End moves by word or to
    // the ends as in any text, and Ctrl+Alt is AltGr typing a character.
    let letter = press
        .key
        .to_latin(press.physical_key)
        .filter(char::is_ascii_alphabetic);
    let clipboard = matches!(letter, Some('c' | 'x' | 'v' | 'a'));
    if press.modifiers.command() && !press.modifiers.alt() && letter.is_some() && !clipboard {
        return None;
    }
    Binding::from_key_press(press)
}

#[cfg(test)]
mod tests {
    use super::notes_keys;
    use iced::keyboard::key::{Code, Named, Physical};
    use iced::keyboard::{Key, Modifiers};
    use iced::widget::text_editor::{Binding, KeyPress, Motion, Status};

    fn press(key: Key, code: Code, modifiers: Modifiers) -> KeyPress {
        KeyPress {
            modified_key: key.clone(),
            key,
            physical_key: Physical::Code(code),
            modifiers,
            text: None,
            status: Status::Focused { is_hovered: false },
        }
    }

    /// The window's shortcuts pass through the notes; moving by word and
    /// to the ends stays with the text, as in any editor.
    #[test]
    fn ctrl_with_a_letter_goes_to_the_window_and_ctrl_with_an_arrow_moves_in_the_notes() {
        let save = press(Key::Character("s".into()), Code::KeyS, Modifiers::CTRL);
        assert!(notes_keys(save).is_none());
        let copy = press(Key::Character("c".into()), Code::KeyC, Modifiers::CTRL);
        assert!(notes_keys(copy).is_some());
        for (named, code) in [
            (Named::ArrowLeft, Code::ArrowLeft),
            (Named::ArrowRight, Code::ArrowRight),
            (Named::Home, Code::Home),
            (Named::End, Code::End),
        ] {
            let moved = notes_keys(press(Key::Named(named), code, Modifiers::CTRL));
            assert!(
                matches!(
                    moved,
                    Some(Binding::Move(_) | Binding::Select(_) | Binding::Sequence(_))
                ),
                "Ctrl+{named:?}: {moved:?}"
            );
        }
        let word = notes_keys(press(
            Key::Named(Named::ArrowLeft),
            Code::ArrowLeft,
            Modifiers::CTRL,
        ));
        assert!(
            matches!(word, Some(Binding::Move(Motion::WordLeft))),
            "{word:?}"
        );
    }
}
