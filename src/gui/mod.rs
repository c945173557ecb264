//! The desktop application: a thin Elm-style layer over the library.
//!
//! `app` holds the application state (first run, `Locked` or `Unlocked`,
//! never a flag) and routes messages. Each screen under `screen/` owns its
//! state and follows one contract: `new(..) -> (Self, Action)`,
//! `update(&mut self, Message) -> Action`, `view(&self, &I18n)`; an
//! `Action` asks for what the screen cannot do itself. Every store
//! operation is a small job in `store`, run off the UI thread, whose result
//! comes back as a message; nothing in `update` or `view` touches the disk.
//! Shared widgets and texts are in `widget`; screens never import each other.

mod app;
pub mod clipboard;
pub mod clock;
mod dialog;
mod job;
pub mod screen;
mod store;
pub mod theme;
pub mod widget;

use std::path::PathBuf;

pub use app::{App, Message};
pub use job::{Effect, Job};

/// The embedded interface font; it covers every Lithuanian letter.
pub const FONT_REGULAR: &[u8] = crate::document::FONT_REGULAR;
pub const FONT_BOLD: &[u8] = crate::document::FONT_BOLD;

/// The fonts and defaults the application renders with (tests use them too).
pub fn settings() -> iced::Settings {
    iced::Settings {
        fonts: vec![FONT_REGULAR.into(), FONT_BOLD.into()],
        default_font: theme::FONT,
        ..iced::Settings::default()
    }
}

/// Whether `view`, rendered with the application's fonts, shows `text`
/// (unit tests of one screen; `tests/gui.rs` drives the whole app).
#[cfg(test)]
pub(crate) fn shows<Message>(view: iced::Element<'_, Message>, text: &str) -> bool {
    iced_test::Simulator::with_size(settings(), (1280.0, 1200.0), view)
        .find(text)
        .is_ok()
}

/// Opens the application window on the vault in `dir`.
pub fn run(dir: PathBuf) -> iced::Result {
    iced::application(move || App::boot(dir.clone()), App::update_task, App::view)
        .title(App::title)
        .theme(App::theme)
        .subscription(App::subscription)
        .settings(settings())
        .window(window())
        .run()
}

/// The window: opened at a size where every screen has room in the longer
/// language, centred, and never narrower than the case list can show its
/// columns in (below it names and statuses would be cut to a few letters);
/// closing asks the application first (a draft, an automatic backup).
fn window() -> iced::window::Settings {
    iced::window::Settings {
        size: iced::Size::new(1280.0, 760.0),
        min_size: Some(iced::Size::new(960.0, 600.0)),
        position: iced::window::Position::Centered,
        exit_on_close_request: false,
        icon: icon(),
        // The X11 class and Wayland app id, which the desktop matches with
        // casebook.desktop (its StartupWMClass) to show the icon.
        #[cfg(target_os = "linux")]
        platform_specific: iced::window::settings::PlatformSpecific {
            application_id: "casebook".to_owned(),
            ..Default::default()
        },
        ..iced::window::Settings::default()
    }
}

/// The application's icon (assets/icons, rendered from its SVG), for the
/// window's title bar and the task switcher; `None` would only leave the
/// system's default.
fn icon() -> Option<iced::window::Icon> {
    const PNG: &[u8] = include_bytes!("../../assets/icons/casebook-128.png");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(PNG));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut rgba).ok()?;
    (frame.color_type == png::ColorType::Rgba && frame.bit_depth == png::BitDepth::Eight)
        .then_some(())?;
    rgba.truncate(frame.buffer_size());
    iced::window::icon::from_rgba(rgba, frame.width, frame.height).ok()
}

#[cfg(test)]
mod tests {
    /// The icon is decoded from the PNG built into the binary: a PNG saved
    /// in another colour format would leave the window without it.
    #[test]
    fn the_window_has_the_application_icon() {
        assert!(super::icon().is_some());
    }
}
