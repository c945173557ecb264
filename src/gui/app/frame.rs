//! The window around the screens: the header with its links, the banner
//! of a lock that waits for a job, and the events and ticks the window
//! listens to.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Event, Length, Subscription, Theme};

use super::lock::{Hold, Pending, waiting_key};
use super::*;

impl App {
    pub fn title(&self) -> String {
        match &self.state {
            State::Unlocked(session) => format!("Casebook — {}", session.info.mission_code),
            _ => "Casebook".into(),
        }
    }

    pub fn theme(&self) -> Theme {
        theme::theme(if self.preferences.dark {
            theme::Mode::Dark
        } else {
            theme::Mode::Light
        })
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let events = iced::event::listen_with(on_event);
        let every = match &self.state {
            // Progress of a running export or import is redrawn ten times a second.
            State::Unlocked(s) if matches!(&s.screen, Screen::Exchange(e) if e.is_running()) => {
                Some(Duration::from_millis(100))
            }
            State::Unlocked(_) => Some(Duration::from_secs(1)),
            State::Locked(unlock)
                if unlock.waiting(self.now.instant()).is_some() || unlock.unlocking() =>
            {
                Some(Duration::from_secs(1))
            }
            State::Locked(_) | State::FirstRun(_) => None,
        };
        match every {
            Some(every) => {
                Subscription::batch([events, iced::time::every(every).map(Message::Tick)])
            }
            None => events,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let i18n = &self.i18n;
        match &self.state {
            State::FirstRun(form) => form.view(i18n).map(Message::FirstRun),
            State::Locked(form) => form.view(i18n).map(Message::Unlock),
            State::Unlocked(session) => {
                let body = match &session.screen {
                    Screen::List => session.cases.view(i18n).map(Message::Cases),
                    Screen::Editor(editor) => editor.view(i18n).map(Message::Editor),
                    Screen::Settings(screen) => screen.view(i18n).map(Message::Settings),
                    Screen::Exchange(screen) => screen.view(i18n).map(Message::Exchange),
                    Screen::Statistics(screen) => screen.view(i18n).map(Message::Statistics),
                    Screen::Missions(screen) => screen.view(i18n).map(Message::Missions),
                };
                if let (Some(pending), Some(hold)) = (session.waiting, session.hold()) {
                    return waiting(i18n, pending, hold);
                }
                column![self.header(session), body].into()
            }
        }
    }

    fn header<'a>(&'a self, session: &'a Session) -> Element<'a, Message> {
        let info = &session.info;
        // The section shown is a filled shape, never a faded label, which
        // would read as disabled.
        let nav = |key: &str, message: Message, current: bool| {
            button(text(self.i18n.t(key)).size(theme::TEXT_M))
                .style(theme::nav(current))
                .on_press(message)
        };
        let bar = row![
            text("Casebook").size(theme::TEXT_L).font(theme::BOLD),
            text(format!("{} · {}", info.mission_code, info.officer))
                .size(theme::TEXT_M)
                .style(theme::header_muted),
            iced::widget::space::horizontal(),
            nav(
                "nav-cases",
                Message::ShowCases,
                matches!(session.screen, Screen::List | Screen::Editor(_))
            ),
            nav(
                match info.role {
                    vault::Role::Mission => "nav-export",
                    vault::Role::Commission => "nav-import",
                },
                Message::ShowExchange,
                matches!(session.screen, Screen::Exchange(_))
            ),
            // The commission's view of its missions.
            (info.role == vault::Role::Commission).then(|| nav(
                "nav-missions",
                Message::ShowMissions,
                matches!(session.screen, Screen::Missions(_))
            )),
            nav(
                "nav-statistics",
                Message::ShowStatistics,
                matches!(session.screen, Screen::Statistics(_))
            ),
            nav(
                "nav-settings",
                Message::ShowSettings,
                matches!(session.screen, Screen::Settings(_))
            ),
            // Lock is set apart from the sections: it is not one of them.
            container(iced::widget::rule::vertical(1)).height(theme::TEXT_L),
            button(text(self.i18n.t("nav-lock")).size(theme::TEXT_M))
                .style(theme::lock)
                .on_press(Message::Lock),
        ]
        .spacing(theme::SPACE_L)
        .align_y(Alignment::Center);
        container(bar)
            .padding([10, 24])
            .width(Length::Fill)
            .style(theme::header)
            .into()
    }
}

/// While a lock or quit waits for a job, the screen behind it is not
/// shown: the officer asked for it to go (someone may have come in). Only
/// the wait is told, with Cancel for an export or import.
fn waiting<'a>(i18n: &I18n, pending: Pending, hold: Hold) -> Element<'a, Message> {
    let mut panel = column![widget::banner(i18n.t(waiting_key(pending, hold)))]
        .spacing(theme::SPACE_M)
        .align_x(Alignment::Center);
    if matches!(hold, Hold::Export | Hold::Import) {
        panel = panel.push(
            button(text(i18n.t("exchange-cancel")).size(theme::TEXT_M))
                .style(theme::button_secondary)
                .on_press(Message::Exchange(exchange::Message::Cancel)),
        );
    }
    container(panel.max_width(640))
        .center(Length::Fill)
        .padding(theme::SPACE_L)
        .into()
}

fn on_event(event: Event, status: iced::event::Status, window: window::Id) -> Option<Message> {
    let captured = status == iced::event::Status::Captured;
    match event {
        Event::Window(window::Event::CloseRequested) => Some(Message::CloseRequested(window)),
        Event::Keyboard(keyboard::Event::KeyPressed {
            key,
            physical_key,
            modifiers,
            ..
        }) => Some(Message::Key(key, physical_key, modifiers, captured)),
        Event::Mouse(
            iced::mouse::Event::ButtonPressed(_) | iced::mouse::Event::WheelScrolled { .. },
        ) => Some(Message::Activity),
        _ => None,
    }
}
