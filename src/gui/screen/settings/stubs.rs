//! Settings → Keeping less at the mission (`vault::stubs`): turn on the
//! reduction of confirmed old closed cases to stubs, after one
//! confirmation that says how many cases it reduces now; or turn it off.
//! Shown at a mission only.

use iced::widget::{button, column, row, text, text_input};
use iced::{Alignment, Element};

use crate::gui::job::Effect;
use crate::gui::store::{Store, with_vault};
use crate::gui::theme;
use crate::gui::widget::Said;
use crate::i18n::I18n;
use crate::vault;

/// The months field's id (focus, tests).
pub const MONTHS_ID: &str = "settings-stubs-months";

/// What the vault holds: the setting and how many stubs it keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub months: Option<u32>,
    pub stubs: u64,
}

#[derive(Debug, Clone)]
pub enum Message {
    MonthsChanged(String),
    /// Ask how many cases turning it on reduces now.
    TurnOn,
    Checked(u32, Result<usize, vault::Error>),
    Confirm,
    Cancel,
    TurnOff,
    Saved(Result<(Loaded, usize), vault::Error>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Check(u32),
    /// Store the setting and reduce what it asks for (`None`: off).
    Save(Option<u32>),
}

#[derive(Debug, Default)]
pub struct StubSetting {
    /// `None` until read, or at the commission.
    loaded: Option<Loaded>,
    months: String,
    /// Turning on awaits the officer's confirmation: the months and how
    /// many cases it reduces now.
    pending: Option<(u32, usize)>,
    busy: bool,
    outcome: Option<Result<Said, Said>>,
}

impl Loaded {
    /// The setting as the vault holds it; `None` at the commission.
    pub fn of(vault: &vault::Vault) -> vault::Result<Option<Loaded>> {
        if vault.info().role != vault::Role::Mission {
            return Ok(None);
        }
        Ok(Some(Loaded {
            months: vault.stub_after_months()?,
            stubs: vault.stub_count()?,
        }))
    }
}

impl StubSetting {
    /// The section as the session knows the setting (read at unlock).
    pub fn new(loaded: Option<Loaded>) -> StubSetting {
        StubSetting {
            loaded,
            months: loaded
                .and_then(|l| l.months)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            ..StubSetting::default()
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::MonthsChanged(value) => {
                self.months = value.chars().filter(char::is_ascii_digit).take(3).collect();
                self.pending = None;
            }
            Message::TurnOn => {
                let Some(months) = self.valid_months() else {
                    self.outcome = Some(Err(Said::key("settings-stubs-months-invalid")));
                    return Action::None;
                };
                self.busy = true;
                self.outcome = None;
                return Action::Check(months);
            }
            Message::Checked(months, result) => {
                self.busy = false;
                match result {
                    Ok(count) => self.pending = Some((months, count)),
                    Err(error) => self.outcome = Some(Err(Said::Error(error))),
                }
            }
            Message::Confirm => {
                if let Some((months, _)) = self.pending.take() {
                    self.busy = true;
                    return Action::Save(Some(months));
                }
            }
            Message::Cancel => self.pending = None,
            Message::TurnOff => {
                self.busy = true;
                self.pending = None;
                return Action::Save(None);
            }
            Message::Saved(result) => {
                self.busy = false;
                match result {
                    Ok((loaded, reduced)) => {
                        self.loaded = Some(loaded);
                        self.outcome = Some(Ok(match loaded.months {
                            Some(_) => {
                                Said::with("settings-stubs-reduced", "count", reduced.to_string())
                            }
                            None => Said::key("settings-stubs-turned-off"),
                        }));
                    }
                    Err(error) => self.outcome = Some(Err(Said::Error(error))),
                }
            }
        }
        Action::None
    }

    fn valid_months(&self) -> Option<u32> {
        self.months
            .parse()
            .ok()
            .filter(|m| (1..=vault::MAX_STUB_MONTHS).contains(m))
    }

    /// Esc: closes the confirmation, if it is open (`true`).
    pub fn close(&mut self) -> bool {
        self.pending.take().is_some()
    }

    /// Nothing at the commission, or before the setting is read.
    pub fn view<'a>(&'a self, i18n: &I18n) -> Option<Element<'a, Message>> {
        let loaded = self.loaded?;
        let mut content = column![
            text(i18n.t("settings-stubs"))
                .size(theme::TEXT_M)
                .font(theme::BOLD),
            text(i18n.t("settings-stubs-hint")).size(theme::TEXT_S),
        ]
        .spacing(theme::SPACE_S);
        match (loaded.months, self.pending) {
            (_, Some((months, count))) => {
                content = content.push(text(i18n.t_with(
                    "settings-stubs-confirm",
                    &[("months", months.into()), ("count", count.into())],
                )));
                content = content.push(
                    row![
                        button(text(i18n.t("settings-stubs-confirm-button")))
                            .style(theme::button_danger)
                            .on_press_maybe((!self.busy).then_some(Message::Confirm)),
                        button(text(i18n.t("button-cancel")))
                            .style(button::secondary)
                            .on_press(Message::Cancel),
                    ]
                    .spacing(theme::SPACE_S),
                );
            }
            (Some(months), None) => {
                content = content.push(text(i18n.t_with(
                    "settings-stubs-on",
                    &[("months", months.into()), ("stubs", loaded.stubs.into())],
                )));
                content = content.push(
                    button(text(i18n.t("settings-stubs-turn-off")))
                        .style(button::secondary)
                        .on_press_maybe((!self.busy).then_some(Message::TurnOff)),
                );
            }
            (None, None) => {
                content = content.push(
                    row![
                        text(i18n.t("settings-stubs-months")),
                        text_input("24", &self.months)
                            .id(MONTHS_ID)
                            .on_input(Message::MonthsChanged)
                            .on_submit(Message::TurnOn)
                            .width(80)
                            .padding(8),
                        button(text(i18n.t("settings-stubs-turn-on")))
                            .on_press_maybe((!self.busy).then_some(Message::TurnOn)),
                    ]
                    .spacing(theme::SPACE_S)
                    .align_y(Alignment::Center),
                );
            }
        }
        if let Some(outcome) = &self.outcome {
            let (said, ok) = match outcome {
                Ok(said) => (said, true),
                Err(said) => (said, false),
            };
            content = content.push(text(said.show(i18n)).style(move |t| text::Style {
                color: Some(if ok {
                    theme::success(t)
                } else {
                    theme::danger(t)
                }),
            }));
        }
        Some(content.into())
    }
}

/// Runs `action` on the vault (a job), answering with the section's
/// message wrapped by `wrap`.
pub fn run(
    store: &Store,
    action: Action,
    wrap: impl Fn(Message) -> crate::gui::Message + Send + 'static,
) -> Effect {
    let store = store.clone();
    let today = crate::domain::today();
    match action {
        Action::None => Effect::None,
        Action::Check(months) => Effect::job(move || {
            let count = with_vault(&store, |v| {
                v.stub_candidates(months, today).map(|c| c.len())
            });
            wrap(Message::Checked(months, count))
        }),
        Action::Save(months) => Effect::job(move || {
            wrap(Message::Saved(with_vault(&store, |v| {
                v.set_stub_after_months(months)?;
                let reduced = v.reduce_to_stubs_if_set(today)?.len();
                Ok((
                    Loaded {
                        months,
                        stubs: v.stub_count()?,
                    },
                    reduced,
                ))
            })))
        }),
    }
}
