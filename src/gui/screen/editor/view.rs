//! How the editor looks: the header with its actions, the section tabs,
//! and one view per section. State and rules live in the parent module.

use iced::widget::{
    button, checkbox, column, container, pick_list, row, scrollable, text, text_input, toggler,
};
use iced::{Alignment, Element, Length};

use super::*;
use crate::gui::theme;

mod sections;

impl Editor {
    /// The case's handovers, read-only, oldest first: when, from whom to
    /// whom, by whom, and the note (what the officer who takes a case over
    /// reads first). Nothing for a case never handed over.
    fn handovers_view<'a>(&'a self, i18n: &I18n) -> Option<Element<'a, Message>> {
        if self.handovers.is_empty() {
            return None;
        }
        let muted = |t: &iced::Theme| text::Style {
            color: Some(theme::muted(t)),
        };
        let list = self.handovers.iter().fold(
            column![text(i18n.t("editor-handovers")).font(theme::BOLD)].spacing(theme::SPACE_S),
            |list, handover| {
                let line = text(i18n.t_with(
                    "editor-handover",
                    &[
                        ("date", handover.at.date_naive().to_string().into()),
                        ("from", handover.from.clone().into()),
                        ("to", handover.to.clone().into()),
                        ("by", handover.by.clone().into()),
                    ],
                ))
                .size(theme::TEXT_S)
                .style(muted);
                let entry = column![line].spacing(2);
                match handover.note.as_deref() {
                    Some(note) => list.push(entry.push(text(note))),
                    None => list.push(entry),
                }
            },
        );
        Some(
            container(list)
                .padding(theme::SPACE_M)
                .width(Length::Fill)
                .style(theme::card)
                .into(),
        )
    }

    pub fn view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        // The focus order is made anew with the section's view.
        self.stops.borrow_mut().clear();
        let title = match &self.record {
            Some(record) => format!(
                "{} · {}",
                record.meta.reference,
                i18n.t_with(
                    "editor-revision",
                    &[("revision", record.meta.revision.into())]
                )
            ),
            None => i18n.t("editor-new-case"),
        };
        let mut actions = row![
            button(text(i18n.t("editor-back")))
                .style(theme::button_secondary)
                .on_press(Message::Close),
            text(title).size(theme::TEXT_L).font(theme::BOLD),
        ]
        .spacing(theme::SPACE_M)
        .align_y(Alignment::Center);
        // Erase stands apart from Save: on the other side of the bar,
        // after a separator, in the danger colour (and it asks first).
        if self.may_erase() {
            actions = actions
                .push(container(iced::widget::rule::vertical(1)).height(theme::TEXT_L * 1.5))
                .push(
                    button(text(i18n.t("editor-erase")))
                        .style(theme::button_danger)
                        .on_press(Message::Erase),
                );
        }
        actions = actions.push(iced::widget::space::horizontal());
        if self.record.is_some() {
            actions = actions.push(
                button(text(i18n.t("editor-documents")))
                    .style(theme::button_secondary)
                    .on_press(Message::Documents),
            );
        }
        actions = actions.push(
            button(text(i18n.t(if self.saving {
                "editor-saving"
            } else {
                "editor-save"
            })))
            .padding([6, 18])
            .on_press_maybe(self.offers_save().then_some(Message::Save)),
        );

        let marked = self.sections_with_problems();
        let tabs = row(Section::ALL.iter().map(|section| {
            // A section with a problem says so in its tab, not by colour alone.
            let label = if marked.contains(section) {
                format!("{} •", i18n.t(section.key()))
            } else {
                i18n.t(section.key())
            };
            button(text(label).size(theme::TEXT_M))
                .style(if *section == self.section {
                    button::primary
                } else {
                    button::secondary
                })
                .on_press(Message::Show(*section))
                .into()
        }))
        .spacing(theme::SPACE_S)
        .wrap();

        let body = self.section_view(i18n);

        // The notices have one place in the tree, and the line of problems
        // is always there (empty when there are none), so that nothing the
        // validation says moves the form or takes a field's focus away.
        let mut content = column![].spacing(theme::SPACE_S);
        if let Some(notice) = self.restored_notice(i18n) {
            content = content.push(notice);
        }
        if let Some(owner) = &self.owner {
            content = content.push(
                text(i18n.t_with("editor-owner", &[("officer", owner.clone().into())]))
                    .size(theme::TEXT_S)
                    .style(|t| text::Style {
                        color: Some(theme::muted(t)),
                    }),
            );
        }
        if let Some(history) = self.handovers_view(i18n) {
            content = content.push(history);
        }
        if let Some(notice) = self.set_aside_notice(i18n) {
            content = content.push(notice);
        }
        if self.case.held_by_commission {
            content = content.push(self.stub_notice(i18n));
        } else if let Some(mission) = &self.read_only {
            content = content.push(
                text(i18n.t_with("editor-read-only", &[("mission", mission.clone().into())]))
                    .size(theme::TEXT_S)
                    .style(|t| text::Style {
                        color: Some(theme::muted(t)),
                    }),
            );
        }
        if self.case.redacted {
            let age = self
                .case
                .person
                .age_at_first_contact
                .map_or_else(|| "-".to_owned(), |age| age.to_string());
            content = content.push(
                text(i18n.t_with("editor-redacted", &[("age", age.into())]))
                    .size(theme::TEXT_S)
                    .style(|t| text::Style {
                        color: Some(theme::muted(t)),
                    }),
            );
        }
        if let Some(question) = self.question {
            content = content.push(self.question_view(i18n, question));
        }
        if let Some(documents) = self.documents_view(i18n) {
            content = content.push(documents);
        }
        if let Some(line) = self.printing_view(i18n) {
            content = content.push(line);
        }
        if let Some(Problem::CaseTooLarge {
            bytes,
            max_bytes,
            part,
            ..
        }) = &self.too_large
        {
            let megabytes = |bytes: &usize| format!("{:.1}", *bytes as f64 / 1e6);
            content = content.push(
                text(i18n.t_with(
                    "editor-case-too-large",
                    &[
                        ("size", megabytes(bytes).into()),
                        ("max", megabytes(max_bytes).into()),
                        ("part", i18n.t(super::section_key(part)).into()),
                    ],
                ))
                .size(theme::TEXT_S)
                .style(|t| text::Style {
                    color: Some(theme::danger(t)),
                }),
            );
        }
        if let Some(error) = &self.error {
            content = content.push(crate::gui::widget::error_banner(i18n, error));
        }
        let problems = match self.first_problem() {
            Some((path, key)) => {
                let (field, section) = Self::place_of(path);
                let first = i18n.t_with(
                    "editor-problem-at",
                    &[
                        (
                            "field",
                            field
                                .map(|f| f.label())
                                .or_else(|| problems::choice_label(path))
                                .map(|label| i18n.t(label))
                                .unwrap_or_else(|| i18n.t(section.key()))
                                .into(),
                        ),
                        ("section", i18n.t(section.key()).into()),
                        ("problem", i18n.t(key).into()),
                    ],
                );
                let count = self.shown_errors().count();
                if count > 1 {
                    format!(
                        "{} {first}",
                        i18n.t_with("editor-problems", &[("count", count.into())])
                    )
                } else {
                    first
                }
            }
            None => String::new(),
        };
        content = content.push(text(problems).size(theme::TEXT_S).style(|t| text::Style {
            color: Some(theme::danger(t)),
        }));
        column![actions, tabs, content]
            .spacing(theme::SPACE_M)
            .push(
                scrollable(
                    container(body)
                        .padding(theme::SPACE_L)
                        .style(theme::card)
                        .width(Length::Fill),
                )
                .height(Length::Fill),
            )
            .padding(theme::SPACE_L)
            .into()
    }

    /// The section shown; making it makes its focus order (`stops`).
    pub(super) fn section_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        match self.section {
            Section::Person => self.person_view(i18n),
            Section::Contact => self.contact_view(i18n),
            Section::Assessment => self.assessment_view(i18n),
            Section::Exploitation => self.exploitation_view(i18n),
            Section::Assistance => self.assistance_view(i18n),
            Section::Referrals => self.referrals_view(i18n),
            Section::FollowUps => self.follow_ups_view(i18n),
            Section::Notes => self.notes_view(i18n),
        }
    }

    fn question_view<'a>(&'a self, i18n: &I18n, question: Question) -> Element<'a, Message> {
        let (key, confirm, confirm_message) = match question {
            Question::Unsaved(_) => ("editor-unsaved", "editor-discard", Message::DiscardAndLeave),
            Question::Erase => (
                "editor-erase-confirm",
                "editor-erase-yes",
                Message::ConfirmErase,
            ),
        };
        // The answers are stops of the focus order (after the section's),
        // pressed by Enter or Space; a question just asked gives the focus
        // to the answer that loses nothing, Keep editing (Esc gives it too).
        let mut buttons = row![].spacing(theme::SPACE_S);
        if matches!(question, Question::Unsaved(_)) {
            buttons = buttons.push(self.pressable(
                button(text(i18n.t("editor-save"))),
                self.offers_save().then_some(Message::Save),
            ));
        }
        buttons = buttons.push(self.pressable(
            button(text(i18n.t(confirm))).style(button::danger),
            Some(confirm_message),
        ));
        if self.question_asked.take() {
            self.focus.set(Some(self.stops.borrow().len()));
        }
        buttons = buttons.push(self.pressable(
            button(text(i18n.t("editor-keep-editing"))).style(button::secondary),
            Some(Message::KeepEditing),
        ));
        container(column![text(i18n.t(key)).size(theme::TEXT_M), buttons].spacing(theme::SPACE_M))
            .padding(theme::SPACE_M)
            .style(theme::error_banner)
            .width(Length::Fill)
            .into()
    }

    fn text_field<'a>(
        &'a self,
        i18n: &I18n,
        field: Field,
        label: &str,
        hint: &str,
    ) -> Element<'a, Message> {
        let wrong = self.error_for(field.path()).is_some();
        let input = text_input(&i18n.t(hint), self.input(field))
            .id(field.id())
            .on_input(move |v| Message::FieldChanged(field, v))
            .on_submit(Message::Save)
            .padding(8)
            // A field with a problem has a red border.
            .style(if wrong {
                theme::text_input_invalid
            } else {
                theme::text_input
            });
        let input = self.text_stop(field.id(), input);
        self.labelled(i18n, label, input, field.path())
    }

    /// A label, the field, and the validation message for `path` if any.
    fn labelled<'a>(
        &self,
        i18n: &I18n,
        label: &str,
        field: impl Into<Element<'a, Message>>,
        path: &str,
    ) -> Element<'a, Message> {
        let mut block = column![text(i18n.t(label)).size(theme::TEXT_S), field.into()].spacing(4);
        if let Some(key) = self.error_for(path) {
            block = block.push(
                text(i18n.t(key))
                    .size(theme::TEXT_S)
                    .style(|t| text::Style {
                        color: Some(theme::danger(t)),
                    }),
            );
        }
        block.width(Length::Fill).into()
    }

    /// One country, searched by name in the interface language or by code.
    fn country_field<'a>(
        &'a self,
        i18n: &I18n,
        field: CountryField,
        label: &str,
    ) -> Element<'a, Message> {
        let input = country_input(field);
        let code = self.input(input).trim().to_uppercase();
        let line = self.searchable(
            input,
            &i18n.t("hint-country-search"),
            self.places.country(&code),
            move |place| Message::Country(field, place),
            (!code.is_empty()).then_some(Message::ClearCountry(field)),
        );
        self.labelled(i18n, label, line, input.path())
    }

    /// Citizenships: one button per country (press to remove), and a
    /// search box to add another.
    fn citizenship_field<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let chosen = row(self
            .citizenship_codes()
            .into_iter()
            .enumerate()
            .map(|(i, code)| {
                self.pressable(
                    button(
                        text(format!("{} ×", self.places.country_label(&code))).size(theme::TEXT_S),
                    )
                    .style(button::secondary),
                    Some(Message::RemoveCitizenship(i)),
                )
            }))
        .spacing(theme::SPACE_S)
        .wrap();
        let picker = self.searchable(
            Field::Citizenship,
            &i18n.t("hint-country-add"),
            None,
            |place| Message::Country(CountryField::Citizenship, place),
            None,
        );
        self.labelled(
            i18n,
            "field-citizenship",
            column![chosen, picker].spacing(4),
            Field::Citizenship.path(),
        )
    }

    fn language_field<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let code = self.input(Field::Language).trim().to_lowercase();
        let line = self.searchable(
            Field::Language,
            &i18n.t("hint-language-search"),
            self.places.language(&code),
            Message::LanguagePicked,
            (!code.is_empty()).then_some(Message::ClearLanguage),
        );
        self.labelled(i18n, "field-language", line, Field::Language.path())
    }

    fn person_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let person = &self.case.person;
        column![
            row![
                self.text_field(i18n, Field::GivenName, "field-given-name", ""),
                self.text_field(i18n, Field::FamilyName, "field-family-name", ""),
            ]
            .spacing(theme::SPACE_M),
            self.switch(
                person.is_pseudonym.unwrap_or(false),
                i18n.t("field-pseudonym"),
                Message::Pseudonym
            ),
            row![
                self.text_field(i18n, Field::BirthDate, "field-birth-date", "hint-date"),
                self.picker(
                    i18n,
                    "field-gender",
                    vocab_choices(i18n, "Gender", Gender::ALL),
                    choice(i18n, "Gender", person.gender),
                    Message::Gender
                ),
            ]
            .spacing(theme::SPACE_M),
            row![self.citizenship_field(i18n), self.language_field(i18n)].spacing(theme::SPACE_M),
            row![
                self.text_field(i18n, Field::Phone, "field-phone", "hint-phone"),
                self.text_field(i18n, Field::Email, "field-email", ""),
            ]
            .spacing(theme::SPACE_M),
            row![
                self.text_field(i18n, Field::EstimatedAge, "field-estimated-age", ""),
                self.picker(
                    i18n,
                    "field-document-type",
                    vocab_choices(i18n, "DocumentType", DocumentType::ALL),
                    choice(i18n, "DocumentType", self.document_type),
                    Message::DocumentType
                ),
                self.text_field(i18n, Field::DocumentNumber, "field-document-number", ""),
            ]
            .spacing(theme::SPACE_M),
            row![
                self.text_field(i18n, Field::LocationCity, "field-location-city", ""),
                self.country_field(i18n, CountryField::Location, "field-location-country"),
            ]
            .spacing(theme::SPACE_M),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    fn contact_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let consent = &self.case.consent;
        column![
            row![
                self.text_field(i18n, Field::ContactDate, "field-contact-date", "hint-date"),
                self.picker(
                    i18n,
                    "field-channel",
                    vocab_options(i18n, "ContactChannel", ContactChannel::ALL),
                    choice(
                        i18n,
                        "ContactChannel",
                        Some(self.case.first_contact.channel)
                    ),
                    Message::Channel
                ),
            ]
            .spacing(theme::SPACE_M),
            self.text_field(i18n, Field::ContactPlace, "field-contact-place", ""),
            self.picker(
                i18n,
                "field-status",
                vocab_options(i18n, "CaseStatus", CaseStatus::ALL),
                choice(i18n, "CaseStatus", Some(self.case.status)),
                Message::Status
            ),
            self.text_field(i18n, Field::ClosureReason, "field-closure-reason", ""),
            text(i18n.t("section-consent"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            self.switch(
                consent.interview.unwrap_or(false),
                i18n.t("field-consent-interview"),
                Message::Interview
            ),
            text(i18n.t("field-informed-of")).size(theme::TEXT_S),
            self.checklist(
                i18n,
                "InformedOf",
                InformedOf::ALL,
                &consent.informed_of,
                Message::InformedOf
            ),
            row![
                self.picker(
                    i18n,
                    "field-consent-given-by",
                    vocab_choices(i18n, "ConsentGivenBy", ConsentGivenBy::ALL),
                    choice(i18n, "ConsentGivenBy", consent.given_by),
                    Message::GivenBy
                ),
                self.text_field(i18n, Field::ConsentDate, "field-consent-date", "hint-date"),
            ]
            .spacing(theme::SPACE_M),
            self.switch(
                consent.share_identifiable_with_commission.unwrap_or(false),
                i18n.t("field-share-with-commission"),
                Message::ShareWithCommission
            ),
            self.switch(
                consent.anonymous_statistics.unwrap_or(false),
                i18n.t("field-anonymous-statistics"),
                Message::AnonymousStatistics
            ),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }

    fn assessment_view<'a>(&'a self, i18n: &I18n) -> Element<'a, Message> {
        let observed = |indicator: Indicator| {
            self.case
                .assessment
                .indicators
                .iter()
                .any(|o| o.indicator == indicator)
        };
        let group = |group: IndicatorGroup| {
            column(
                Indicator::ALL
                    .iter()
                    .filter(|i| i.group() == group)
                    .map(|indicator| {
                        let indicator = *indicator;
                        let check = self.check(
                            observed(indicator),
                            i18n.vocab("Indicator", indicator.as_str()),
                            move |on| Message::Indicator(indicator, on),
                        );
                        let note = self
                            .case
                            .assessment
                            .indicators
                            .iter()
                            .find(|o| o.indicator == indicator);
                        match note {
                            // An observed indicator can carry what was seen.
                            Some(observed) => column![
                                check,
                                container(
                                    self.text_stop(
                                        note_id(indicator),
                                        text_input(
                                            &i18n.t("field-indicator-note"),
                                            observed.note.as_deref().unwrap_or("")
                                        )
                                        .id(note_id(indicator))
                                        .on_input(move |v| Message::IndicatorNote(indicator, v))
                                        .size(theme::TEXT_S)
                                        .padding(6)
                                    )
                                )
                                .padding(iced::Padding::ZERO.left(28))
                            ]
                            .spacing(4)
                            .into(),
                            None => check,
                        }
                    }),
            )
            .spacing(theme::SPACE_S)
        };
        let forms = column(ExploitationType::ALL.iter().map(|form| {
            let form = *form;
            self.check(
                self.case.exploitation.types.contains(&form),
                i18n.vocab("ExploitationType", form.as_str()),
                move |on| Message::Form(form, on),
            )
        }))
        .spacing(theme::SPACE_S);
        column![
            self.picker(
                i18n,
                "field-trafficking-status",
                vocab_choices(i18n, "TraffickingStatus", TraffickingStatus::ALL),
                choice(
                    i18n,
                    "TraffickingStatus",
                    self.case.assessment.trafficking_status
                ),
                Message::Trafficking
            ),
            // Required for an identified victim: the message shows beside it.
            self.picker(
                i18n,
                "field-decided-by",
                vocab_choices(i18n, "DecisionMaker", DecisionMaker::ALL),
                choice(i18n, "DecisionMaker", self.case.assessment.decided_by),
                Message::DecidedBy
            ),
            text(i18n.t("indicators-ilo"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            group(IndicatorGroup::Ilo),
            text(i18n.t("indicators-specific"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            group(IndicatorGroup::SexualExploitation),
            group(IndicatorGroup::LabourExploitation),
            group(IndicatorGroup::BeggingOrCriminality),
            text(i18n.t("field-forms"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            forms,
            self.country_field(
                i18n,
                CountryField::Exploitation,
                "field-country-of-exploitation"
            ),
        ]
        .spacing(theme::SPACE_M)
        .into()
    }
}

/// A text input's style: a red border when its value has a problem.
fn invalid_if(wrong: bool) -> fn(&iced::Theme, text_input::Status) -> text_input::Style {
    if wrong {
        theme::text_input_invalid
    } else {
        theme::text_input
    }
}

/// The id of an indicator's note.
pub(super) fn note_id(indicator: Indicator) -> String {
    format!("case-indicator-note-{}", indicator.as_str())
}

impl Editor {
    /// A searched field (`search_pick`): a text stop of the focus order
    /// under the field's id, the matches of what is typed under it, and a
    /// button to clear a value chosen.
    fn searchable<'a>(
        &'a self,
        field: Field,
        placeholder: &str,
        selected: Option<&Place>,
        on_selected: impl Fn(Place) -> Message + 'a,
        clear: Option<Message>,
    ) -> Element<'a, Message> {
        let picker = crate::gui::widget::search_pick(
            field.id(),
            placeholder,
            self.places.typed(field),
            move |text| self.places.search(field, text),
            selected,
            move |typed| Message::Search(field, typed),
            on_selected,
        )
        .padding(8)
        .style(invalid_if(self.error_for(field.path()).is_some()));
        let picker = self.text_stop(field.id(), picker);
        let mut line = row![picker]
            .spacing(theme::SPACE_S)
            .align_y(Alignment::Center);
        if let Some(clear) = clear {
            line = line.push(self.pressable(button(text("×")).style(button::text), Some(clear)));
        }
        line.into()
    }
}

impl Editor {
    fn checklist<'a, T: Copy + PartialEq + std::fmt::Display + 'a>(
        &self,
        i18n: &I18n,
        kind: &str,
        all: &[T],
        selected: &[T],
        message: fn(T, bool) -> Message,
    ) -> Element<'a, Message> {
        column(all.iter().map(|value| {
            let value = *value;
            let on = selected.contains(&value);
            self.check(on, i18n.vocab(kind, &value.to_string()), move |on| {
                message(value, on)
            })
        }))
        .spacing(theme::SPACE_S)
        .into()
    }

    /// A stop of the focus order for a text input with this id.
    fn text_stop<'a>(
        &self,
        id: impl Into<iced::widget::Id>,
        input: impl Into<Element<'a, Message>>,
    ) -> Element<'a, Message> {
        let index = self.add_stop(Stop::Text(id.into()));
        crate::gui::widget::stop(input)
            .on_click(Message::FocusAt(index))
            .into()
    }

    /// A stop of the focus order for a control iced does not focus: ringed
    /// while it has the focus, where `keys` work.
    fn control<'a>(
        &self,
        element: impl Into<Element<'a, Message>>,
        keys: Vec<(iced::keyboard::key::Named, Message)>,
    ) -> Element<'a, Message> {
        let index = self.add_stop(Stop::Control);
        let mut stop = crate::gui::widget::stop(element)
            .focused(self.focus.get() == Some(index))
            .on_click(Message::FocusAt(index));
        for (key, message) in keys {
            stop = stop.on_key(key, message);
        }
        stop.into()
    }

    /// A button as a stop of the focus order: Enter or Space presses it
    /// when it has the focus (iced 0.14 focuses no button). A disabled one
    /// keeps its place, so that the order does not shift under the officer.
    pub(super) fn pressable<'a>(
        &self,
        button: iced::widget::Button<'a, Message>,
        press: Option<Message>,
    ) -> Element<'a, Message> {
        use iced::keyboard::key::Named;
        let keys = match &press {
            Some(message) => vec![
                (Named::Enter, message.clone()),
                (Named::Space, message.clone()),
            ],
            None => Vec::new(),
        };
        self.control(button.on_press_maybe(press), keys)
    }

    /// A switch; Space turns it when it has the focus.
    fn switch<'a>(
        &self,
        on: bool,
        label: String,
        message: impl Fn(bool) -> Message + 'a,
    ) -> Element<'a, Message> {
        let flip = message(!on);
        self.control(
            toggler(on).label(label).on_toggle(message),
            vec![(iced::keyboard::key::Named::Space, flip)],
        )
    }

    /// A checkbox; Space ticks it when it has the focus.
    fn check<'a>(
        &self,
        on: bool,
        label: String,
        message: impl Fn(bool) -> Message + 'a,
    ) -> Element<'a, Message> {
        let flip = message(!on);
        self.control(
            checkbox(on).label(label).on_toggle(message),
            vec![(iced::keyboard::key::Named::Space, flip)],
        )
    }
}

impl Editor {
    /// A labelled pick-list that fills its share of the row; Esc closes it
    /// when it is open (`Menus`).
    fn picker<'a, T>(
        &self,
        i18n: &I18n,
        label: &str,
        options: Vec<Choice<T>>,
        selected: Choice<T>,
        on_select: fn(Choice<T>) -> Message,
    ) -> Element<'a, Message>
    where
        T: Clone + PartialEq + 'a,
    {
        // The arrows choose the next or the previous when it has the focus.
        let at = options.iter().position(|o| *o == selected).unwrap_or(0);
        let len = options.len().max(1);
        let mut keys = Vec::new();
        if let (Some(next), Some(previous)) = (
            options.get((at + 1) % len),
            options.get((at + len - 1) % len),
        ) {
            keys.push((
                iced::keyboard::key::Named::ArrowDown,
                on_select(next.clone()),
            ));
            keys.push((
                iced::keyboard::key::Named::ArrowUp,
                on_select(previous.clone()),
            ));
        }
        // A choice with a problem (a required one not made) has a red
        // border, and the message beside it, as a text field has.
        let path = problems::choice_path(label);
        let wrong = self.error_for(path).is_some();
        // Save went here for its problem: this list takes the focus (its
        // stop is the next one made).
        if self
            .wanted_choice
            .get()
            .is_some_and(|wanted| wanted == label)
        {
            self.focus.set(Some(self.stops.borrow().len()));
            self.wanted_choice.set(None);
        }
        let list = self.control(
            self.menus.wrap(
                pick_list(options, Some(selected), on_select)
                    .on_open(Message::Menu(true))
                    .on_close(Message::Menu(false))
                    .style(if wrong {
                        theme::pick_list_invalid
                    } else {
                        theme::pick_list
                    })
                    .width(Length::Fill),
            ),
            keys,
        );
        self.labelled(i18n, label, list, path)
    }
}

/// A choice list with "not recorded" first.
fn vocab_choices<T: Copy + std::fmt::Display>(
    i18n: &I18n,
    kind: &str,
    all: &[T],
) -> Vec<Choice<T>> {
    std::iter::once(choice(i18n, kind, None))
        .chain(vocab_options(i18n, kind, all))
        .collect()
}

/// A choice list of required values only.
fn vocab_options<T: Copy + std::fmt::Display>(
    i18n: &I18n,
    kind: &str,
    all: &[T],
) -> Vec<Choice<T>> {
    all.iter().map(|v| choice(i18n, kind, Some(*v))).collect()
}

fn choice<T: std::fmt::Display>(i18n: &I18n, kind: &str, value: Option<T>) -> Choice<T> {
    let label = match &value {
        Some(v) => i18n.vocab(kind, &v.to_string()),
        None => i18n.t("not-recorded"),
    };
    Choice::new(value, label)
}
