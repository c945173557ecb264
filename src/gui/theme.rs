//! The look: a calm palette, one font, and the spacing every screen uses.

use iced::theme::Palette;
use iced::widget::container;
use iced::{Border, Color, Font, Theme, color};

/// Noto Sans, embedded (see `assets/fonts`).
pub const FONT: Font = Font::with_name("Noto Sans");
pub const BOLD: Font = Font {
    weight: iced::font::Weight::Bold,
    ..FONT
};

pub const SPACE_S: f32 = 6.0;
pub const SPACE_M: f32 = 12.0;
pub const SPACE_L: f32 = 24.0;
pub const TEXT_S: f32 = 13.0;
pub const TEXT_M: f32 = 15.0;
pub const TEXT_L: f32 = 20.0;
pub const TEXT_XL: f32 = 26.0;

/// Light or dark, as the officer chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Light,
    Dark,
}

pub fn theme(mode: Mode) -> Theme {
    match mode {
        Mode::Light => Theme::custom(
            "Casebook light",
            Palette {
                background: color!(0xf6f7f9),
                text: color!(0x1d2430),
                primary: color!(0x1f4e79),
                success: color!(0x2e7d32),
                warning: color!(0xb26a00),
                danger: color!(0xb3261e),
            },
        ),
        Mode::Dark => Theme::custom(
            "Casebook dark",
            Palette {
                background: color!(0x1b1f26),
                text: color!(0xe6e8eb),
                primary: color!(0x6fa8dc),
                success: color!(0x81c784),
                warning: color!(0xffb74d),
                danger: color!(0xef9a9a),
            },
        ),
    }
}

/// A white (or raised) card with a hairline border.
pub fn card(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.base.color.into()),
        border: Border {
            color: palette.background.strong.color,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// The band at the top of the unlocked window.
pub fn header(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.primary.strong.color.into()),
        text_color: Some(palette.primary.strong.text),
        ..container::Style::default()
    }
}

/// Muted text for hints and secondary facts.
pub fn muted(theme: &Theme) -> Color {
    let palette = theme.extended_palette();
    palette.background.base.text.scale_alpha(0.65)
}

pub fn danger(theme: &Theme) -> Color {
    theme.extended_palette().danger.base.color
}

pub fn success(theme: &Theme) -> Color {
    theme.extended_palette().success.base.color
}

/// A banner for an error the user must read.
pub fn error_banner(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.danger.weak.color.into()),
        text_color: Some(palette.danger.weak.text),
        border: Border {
            color: palette.danger.base.color,
            width: 1.0,
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}

/// Alternate rows of a table.
pub fn row_stripe(theme: &Theme) -> container::Style {
    let palette = theme.extended_palette();
    container::Style {
        background: Some(palette.background.weak.color.scale_alpha(0.5).into()),
        ..container::Style::default()
    }
}
