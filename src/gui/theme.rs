//! The look: a calm palette, one font, and the spacing every screen uses.
//!
//! Every colour the application paints is a named entry of [`Colors`], one
//! set for each theme. [`Colors::pairs`] lists every foreground the
//! application draws on every background, and a test holds each pair to
//! WCAG 2.1 AA: 4.5:1 for text, 3:1 for input borders, checkboxes, switches
//! and the other marks a user must see. iced's own widget styles read the
//! extended palette that [`theme`] builds from the same entries, so a
//! widget left on its default style meets the same bar; the style functions
//! below give the widgets that need more (the header, the heat-table) their
//! look from the palette too.

use iced::theme::Palette;
use iced::theme::palette::{self, Extended};
use iced::widget::{self, button, container, text};
use iced::{Background, Border, Color, Font, Theme, color};

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

/// WCAG 2.1 AA, success criterion 1.4.3: text and images of text.
pub const TEXT_CONTRAST: f32 = 4.5;
/// WCAG 2.1 AA, success criterion 1.4.11: the boundaries and states of
/// controls (input borders, checkboxes, switches), focus marks and the
/// graphics that carry meaning (the bars of a chart).
pub const GRAPHIC_CONTRAST: f32 = 3.0;

/// Light or dark, as the officer chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Light,
    Dark,
}

/// Every colour of one theme, by the role it plays. All are opaque, so that
/// the contrast the test computes is the contrast on the screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colors {
    /// The window behind everything; also the inside of text inputs.
    pub background: Color,
    /// Cards, menus and the panels that hold fields.
    pub surface: Color,
    /// Alternate rows of a table, and pick lists.
    pub stripe: Color,
    pub text: Color,
    /// Hints, secondary facts and placeholders: quieter, still readable.
    pub muted: Color,
    /// The outline of inputs, pick lists, unchecked checkboxes, and the
    /// track of a switch that is off.
    pub border: Color,
    /// Primary buttons, the focus outline, checked boxes, switches that are
    /// on, and the bars of charts.
    pub primary: Color,
    pub primary_hover: Color,
    pub on_primary: Color,
    /// Selected text, and the hovered row of a list.
    pub selection: Color,
    /// Secondary buttons (Back, Browse, Cancel).
    pub secondary: Color,
    pub secondary_hover: Color,
    pub on_secondary: Color,
    /// The band at the top of the unlocked window.
    pub header: Color,
    pub header_hover: Color,
    pub on_header: Color,
    /// The mission and officer beside the name.
    pub on_header_muted: Color,
    /// The filled shape behind the section being shown.
    pub header_current: Color,
    pub on_header_current: Color,
    pub danger: Color,
    pub danger_hover: Color,
    pub on_danger: Color,
    /// Error banners.
    pub danger_surface: Color,
    pub on_danger_surface: Color,
    pub success: Color,
    pub success_hover: Color,
    pub on_success: Color,
    /// Overdue follow-ups: a word in this colour, or a mark filled with it.
    pub warning: Color,
    pub warning_hover: Color,
    pub on_warning: Color,
}

/// How much contrast a pair needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Text,
    Graphic,
}

impl Need {
    pub fn ratio(self) -> f32 {
        match self {
            Need::Text => TEXT_CONTRAST,
            Need::Graphic => GRAPHIC_CONTRAST,
        }
    }
}

/// One foreground the application draws on one background.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub name: &'static str,
    pub foreground: Color,
    pub background: Color,
    pub need: Need,
}

impl Pair {
    pub fn contrast(&self) -> f32 {
        contrast(self.foreground, self.background)
    }
}

pub const LIGHT: Colors = Colors {
    background: color!(0xf6f7f9),
    surface: color!(0xffffff),
    stripe: color!(0xeef1f5),
    text: color!(0x1d2430),
    muted: color!(0x545d6b),
    border: color!(0x737d8c),
    primary: color!(0x1f4e79),
    primary_hover: color!(0x173c5e),
    on_primary: color!(0xffffff),
    selection: color!(0xc7d7ea),
    secondary: color!(0x545d6b),
    secondary_hover: color!(0x3f4753),
    on_secondary: color!(0xffffff),
    header: color!(0x1f4e79),
    header_hover: color!(0x2b6296),
    on_header: color!(0xffffff),
    on_header_muted: color!(0xc9d8e8),
    header_current: color!(0xffffff),
    on_header_current: color!(0x1f4e79),
    danger: color!(0xb3261e),
    danger_hover: color!(0x8c1d18),
    on_danger: color!(0xffffff),
    danger_surface: color!(0xfbe9e7),
    on_danger_surface: color!(0x1d2430),
    success: color!(0x2e7d32),
    success_hover: color!(0x1f5f23),
    on_success: color!(0xffffff),
    warning: color!(0x8f5600),
    warning_hover: color!(0x6f4300),
    on_warning: color!(0xffffff),
};

pub const DARK: Colors = Colors {
    background: color!(0x1b1f26),
    surface: color!(0x232833),
    stripe: color!(0x2a303b),
    text: color!(0xe6e8eb),
    muted: color!(0xa9b1bd),
    border: color!(0x7d8796),
    primary: color!(0x6fa8dc),
    primary_hover: color!(0x8fbbe4),
    on_primary: color!(0x0d1620),
    selection: color!(0x2f4a66),
    secondary: color!(0xa9b1bd),
    secondary_hover: color!(0xc2c8d1),
    on_secondary: color!(0x1b1f26),
    header: color!(0x14273b),
    header_hover: color!(0x223a55),
    on_header: color!(0xe6e8eb),
    on_header_muted: color!(0xa9b8c8),
    header_current: color!(0x6fa8dc),
    on_header_current: color!(0x0d1620),
    danger: color!(0xef9a9a),
    danger_hover: color!(0xf4b4b4),
    on_danger: color!(0x1b1f26),
    danger_surface: color!(0x3b1f22),
    on_danger_surface: color!(0xe6e8eb),
    success: color!(0x81c784),
    success_hover: color!(0x9fd6a1),
    on_success: color!(0x1b1f26),
    warning: color!(0xffb74d),
    warning_hover: color!(0xffc978),
    on_warning: color!(0x1b1f26),
};

impl Colors {
    pub fn of(mode: Mode) -> &'static Colors {
        match mode {
            Mode::Light => &LIGHT,
            Mode::Dark => &DARK,
        }
    }

    /// Every foreground the application draws on every background.
    pub fn pairs(&self) -> Vec<Pair> {
        let c = self;
        let text = |name, foreground, background| Pair {
            name,
            foreground,
            background,
            need: Need::Text,
        };
        let graphic = |name, foreground, background| Pair {
            name,
            foreground,
            background,
            need: Need::Graphic,
        };
        vec![
            text("text on background", c.text, c.background),
            text("text on surface", c.text, c.surface),
            text("text on stripe", c.text, c.stripe),
            text("text on selection", c.text, c.selection),
            text("muted on background", c.muted, c.background),
            text("muted on surface", c.muted, c.surface),
            text("muted on stripe", c.muted, c.stripe),
            text("primary button", c.on_primary, c.primary),
            text("primary button hovered", c.on_primary, c.primary_hover),
            text("secondary button", c.on_secondary, c.secondary),
            text(
                "secondary button hovered",
                c.on_secondary,
                c.secondary_hover,
            ),
            text("danger button", c.on_danger, c.danger),
            text("danger button hovered", c.on_danger, c.danger_hover),
            text("success button", c.on_success, c.success),
            text("success button hovered", c.on_success, c.success_hover),
            text("warning mark (overdue)", c.on_warning, c.warning),
            text("warning mark hovered", c.on_warning, c.warning_hover),
            text("error banner", c.on_danger_surface, c.danger_surface),
            text("error text on background", c.danger, c.background),
            text("error text on surface", c.danger, c.surface),
            text("success text on background", c.success, c.background),
            text("success text on surface", c.success, c.surface),
            text("warning text on background", c.warning, c.background),
            text("warning text on surface", c.warning, c.surface),
            text("warning text on stripe", c.warning, c.stripe),
            text("sortable heading on a card", c.primary, c.surface),
            text("header label", c.on_header, c.header),
            text("header label hovered", c.on_header, c.header_hover),
            text("header mission and officer", c.on_header_muted, c.header),
            text(
                "header current section",
                c.on_header_current,
                c.header_current,
            ),
            graphic("input border on background", c.border, c.background),
            graphic("input border on surface", c.border, c.surface),
            graphic("input border on stripe", c.border, c.stripe),
            graphic("switch knob on the off track", c.background, c.border),
            graphic("focus outline on background", c.primary, c.background),
            graphic("focus outline on surface", c.primary, c.surface),
            graphic("checked box, switch on, bar", c.primary, c.surface),
            graphic("check mark, switch knob on", c.on_primary, c.primary),
            graphic("bar of the unknowns", c.muted, c.surface),
            graphic("error border on background", c.danger, c.background),
            graphic("error border on surface", c.danger, c.surface),
            graphic("current section's shape", c.header_current, c.header),
            graphic("Lock's outline", c.on_header, c.header),
        ]
    }

    /// The extended palette iced's widget styles read, built from the
    /// named colours (not iced's generator, which derives borders 1.6:1
    /// from the background and dark text on a mid-blue header).
    pub fn extended(&self) -> Extended {
        let c = self;
        let pair = |color, text| palette::Pair { color, text };
        Extended {
            background: palette::Background {
                base: pair(c.background, c.text),
                weakest: pair(c.surface, c.text),
                weaker: pair(c.surface, c.text),
                weak: pair(c.stripe, c.text),
                neutral: pair(c.stripe, c.text),
                strong: pair(c.border, c.on_secondary),
                stronger: pair(c.border, c.on_secondary),
                strongest: pair(c.muted, c.on_secondary),
            },
            primary: palette::Primary {
                base: pair(c.primary, c.on_primary),
                weak: pair(c.selection, c.text),
                strong: pair(c.primary_hover, c.on_primary),
            },
            // iced paints placeholders in the secondary colour too, so it
            // is a colour that reads as text on the background.
            secondary: palette::Secondary {
                base: pair(c.secondary, c.on_secondary),
                weak: pair(c.secondary, c.on_secondary),
                strong: pair(c.secondary_hover, c.on_secondary),
            },
            success: palette::Success {
                base: pair(c.success, c.on_success),
                weak: pair(c.stripe, c.text),
                strong: pair(c.success_hover, c.on_success),
            },
            warning: palette::Warning {
                base: pair(c.warning, c.on_warning),
                weak: pair(c.stripe, c.text),
                strong: pair(c.warning_hover, c.on_warning),
            },
            danger: palette::Danger {
                base: pair(c.danger, c.on_danger),
                weak: pair(c.danger_surface, c.on_danger_surface),
                strong: pair(c.danger_hover, c.on_danger),
            },
            is_dark: relative_luminance(c.background) < 0.18,
        }
    }
}

/// The relative luminance of an opaque sRGB colour, as WCAG 2.1 defines it
/// (<https://www.w3.org/TR/WCAG21/#dfn-relative-luminance>).
pub fn relative_luminance(color: Color) -> f32 {
    let linear = |channel: f32| {
        if channel <= 0.039_28 {
            channel / 12.92
        } else {
            ((channel + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)
}

/// The contrast ratio of two opaque colours, from 1 to 21
/// (<https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio>).
pub fn contrast(a: Color, b: Color) -> f32 {
    let (a, b) = (relative_luminance(a), relative_luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The first of `candidates` that reads as text on `background`; if none
/// does, black or white, whichever contrasts more (one of them always
/// reaches 4.58:1).
pub fn readable_on(background: Color, candidates: &[Color]) -> Color {
    candidates
        .iter()
        .copied()
        .find(|c| contrast(*c, background) >= TEXT_CONTRAST)
        .unwrap_or_else(|| {
            if contrast(Color::BLACK, background) >= contrast(Color::WHITE, background) {
                Color::BLACK
            } else {
                Color::WHITE
            }
        })
}

/// `from` moved towards `to` by `amount` (0 to 1), opaque.
pub fn blend(from: Color, to: Color, amount: f32) -> Color {
    let t = amount.clamp(0.0, 1.0);
    let mix = |a: f32, b: f32| a + (b - a) * t;
    Color::from_rgb(mix(from.r, to.r), mix(from.g, to.g), mix(from.b, to.b))
}

/// The named colours of the theme the window shows.
pub fn colors(theme: &Theme) -> &'static Colors {
    if theme.extended_palette().is_dark {
        &DARK
    } else {
        &LIGHT
    }
}

pub fn theme(mode: Mode) -> Theme {
    let colors = Colors::of(mode);
    let name = match mode {
        Mode::Light => "Casebook light",
        Mode::Dark => "Casebook dark",
    };
    Theme::custom_with_fn(
        name,
        Palette {
            background: colors.background,
            text: colors.text,
            primary: colors.primary,
            success: colors.success,
            warning: colors.warning,
            danger: colors.danger,
        },
        |_| colors.extended(),
    )
}

/// A raised card with a hairline border.
pub fn card(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(c.surface.into()),
        text_color: Some(c.text),
        border: Border {
            color: c.border,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default()
    }
}

/// The band at the top of the unlocked window.
pub fn header(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(c.header.into()),
        text_color: Some(c.on_header),
        ..container::Style::default()
    }
}

/// The mission and officer in the header: quieter than the sections, still
/// readable.
pub fn header_muted(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colors(theme).on_header_muted),
    }
}

/// A section link in the header. The section being shown sits in a filled
/// shape (not faded, which reads as disabled); the others are plain labels
/// that take a lighter band when hovered.
pub fn nav(current: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let c = colors(theme);
        let (background, text_color) = match (current, status) {
            (true, _) => (Some(c.header_current), c.on_header_current),
            (false, button::Status::Hovered | button::Status::Pressed) => {
                (Some(c.header_hover), c.on_header)
            }
            (false, _) => (None, c.on_header),
        };
        button::Style {
            background: background.map(Background::from),
            text_color,
            border: Border {
                radius: 4.0.into(),
                ..Border::default()
            },
            ..button::Style::default()
        }
    }
}

/// Lock, in the header: an outlined button, unlike the sections, so that it
/// neither looks like one of them nor looks selected.
pub fn lock(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    button::Style {
        background: match status {
            button::Status::Hovered | button::Status::Pressed => Some(c.header_hover.into()),
            _ => None,
        },
        text_color: c.on_header,
        border: Border {
            color: c.on_header,
            width: 1.0,
            radius: 4.0.into(),
        },
        ..button::Style::default()
    }
}

fn filled(
    status: button::Status,
    base: Color,
    hover: Color,
    on: Color,
    theme: &Theme,
) -> button::Style {
    let c = colors(theme);
    let (background, text_color) = match status {
        button::Status::Active => (base, on),
        button::Status::Hovered | button::Status::Pressed => (hover, on),
        // Inactive controls are exempt from the contrast rule; they are
        // drawn quiet on purpose, in opaque colours all the same.
        button::Status::Disabled => (c.stripe, c.muted),
    };
    button::Style {
        background: Some(background.into()),
        text_color,
        border: Border {
            radius: 4.0.into(),
            ..Border::default()
        },
        ..button::Style::default()
    }
}

pub fn button_primary(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    filled(status, c.primary, c.primary_hover, c.on_primary, theme)
}

pub fn button_secondary(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    filled(
        status,
        c.secondary,
        c.secondary_hover,
        c.on_secondary,
        theme,
    )
}

pub fn button_danger(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    filled(status, c.danger, c.danger_hover, c.on_danger, theme)
}

/// A button that reads as text (a row of a list, a sortable heading): a
/// hover highlights it rather than fading it.
pub fn button_quiet(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    button::Style {
        background: match status {
            button::Status::Hovered | button::Status::Pressed => Some(c.selection.into()),
            _ => None,
        },
        text_color: match status {
            button::Status::Disabled => c.muted,
            _ => c.text,
        },
        border: Border {
            radius: 4.0.into(),
            ..Border::default()
        },
        ..button::Style::default()
    }
}

/// A column heading the list can be sorted by: in the link colour, so that
/// it reads as something to click rather than as faded (disabled) text;
/// hovered, it takes the shape of a hovered row, in the text colour.
pub fn sort_heading(theme: &Theme, status: button::Status) -> button::Style {
    let c = colors(theme);
    let (background, text_color) = match status {
        button::Status::Hovered | button::Status::Pressed => (Some(c.selection.into()), c.text),
        button::Status::Active => (None, c.primary),
        button::Status::Disabled => (None, c.text),
    };
    button::Style {
        background,
        text_color,
        border: Border {
            radius: 4.0.into(),
            ..Border::default()
        },
        ..button::Style::default()
    }
}

fn input_border(c: &Colors, hovered: bool, focused: bool, invalid: bool) -> Border {
    let (color, width) = match (invalid, focused, hovered) {
        (true, _, _) => (c.danger, 2.0),
        (false, true, _) => (c.primary, 2.0),
        (false, false, true) => (c.text, 1.0),
        (false, false, false) => (c.border, 1.0),
    };
    Border {
        color,
        width,
        radius: 4.0.into(),
    }
}

/// A text input whose outline reads 3:1 on the window and on a card.
pub fn text_input(theme: &Theme, status: widget::text_input::Status) -> widget::text_input::Style {
    text_input_with(theme, status, false)
}

/// A text input holding a value that cannot be saved: a red outline (with
/// the message beside the field, so that colour is not the only sign).
pub fn text_input_invalid(
    theme: &Theme,
    status: widget::text_input::Status,
) -> widget::text_input::Style {
    text_input_with(theme, status, true)
}

fn text_input_with(
    theme: &Theme,
    status: widget::text_input::Status,
    invalid: bool,
) -> widget::text_input::Style {
    let c = colors(theme);
    let (hovered, focused) = match status {
        widget::text_input::Status::Hovered => (true, false),
        widget::text_input::Status::Focused { is_hovered } => (is_hovered, true),
        widget::text_input::Status::Active | widget::text_input::Status::Disabled => (false, false),
    };
    let disabled = status == widget::text_input::Status::Disabled;
    widget::text_input::Style {
        background: if disabled { c.stripe } else { c.background }.into(),
        border: input_border(c, hovered, focused, invalid),
        icon: c.muted,
        placeholder: c.muted,
        value: if disabled { c.muted } else { c.text },
        selection: c.selection,
    }
}

pub fn pick_list(theme: &Theme, status: widget::pick_list::Status) -> widget::pick_list::Style {
    pick_list_with(theme, status, false)
}

/// A pick list whose choice cannot be saved (a required one not made): a
/// red outline, as a text input has (the message is beside it).
pub fn pick_list_invalid(
    theme: &Theme,
    status: widget::pick_list::Status,
) -> widget::pick_list::Style {
    pick_list_with(theme, status, true)
}

/// The notes' multi-line editor, outlined as a text input is.
pub fn text_editor(
    theme: &Theme,
    status: widget::text_editor::Status,
    invalid: bool,
) -> widget::text_editor::Style {
    let c = colors(theme);
    let (hovered, focused) = match status {
        widget::text_editor::Status::Hovered => (true, false),
        widget::text_editor::Status::Focused { is_hovered } => (is_hovered, true),
        widget::text_editor::Status::Active | widget::text_editor::Status::Disabled => {
            (false, false)
        }
    };
    let disabled = status == widget::text_editor::Status::Disabled;
    widget::text_editor::Style {
        background: if disabled { c.stripe } else { c.background }.into(),
        border: input_border(c, hovered, focused, invalid),
        placeholder: c.muted,
        value: if disabled { c.muted } else { c.text },
        selection: c.selection,
    }
}

fn pick_list_with(
    theme: &Theme,
    status: widget::pick_list::Status,
    invalid: bool,
) -> widget::pick_list::Style {
    let c = colors(theme);
    let (hovered, opened) = match status {
        widget::pick_list::Status::Active => (false, false),
        widget::pick_list::Status::Hovered => (true, false),
        widget::pick_list::Status::Opened { is_hovered } => (is_hovered, true),
    };
    widget::pick_list::Style {
        text_color: c.text,
        placeholder_color: c.muted,
        handle_color: c.text,
        background: c.stripe.into(),
        border: input_border(c, hovered, opened, invalid),
    }
}

pub fn checkbox(theme: &Theme, status: widget::checkbox::Status) -> widget::checkbox::Style {
    let c = colors(theme);
    let (checked, hovered, disabled) = match status {
        widget::checkbox::Status::Active { is_checked } => (is_checked, false, false),
        widget::checkbox::Status::Hovered { is_checked } => (is_checked, true, false),
        widget::checkbox::Status::Disabled { is_checked } => (is_checked, false, true),
    };
    let (background, border) = match (checked, hovered, disabled) {
        (_, _, true) => (c.stripe, c.border),
        (true, false, false) => (c.primary, c.primary),
        (true, true, false) => (c.primary_hover, c.primary_hover),
        (false, hovered, false) => (if hovered { c.stripe } else { c.surface }, c.border),
    };
    widget::checkbox::Style {
        background: background.into(),
        icon_color: if disabled { c.muted } else { c.on_primary },
        border: Border {
            color: border,
            width: 1.5,
            radius: 3.0.into(),
        },
        text_color: Some(if disabled { c.muted } else { c.text }),
    }
}

/// A switch: the track is the border colour when off and the primary when
/// on, each 3:1 on the window; the knob 3:1 on its track.
pub fn toggler(theme: &Theme, status: widget::toggler::Status) -> widget::toggler::Style {
    let c = colors(theme);
    let (on, hovered, disabled) = match status {
        widget::toggler::Status::Active { is_toggled } => (is_toggled, false, false),
        widget::toggler::Status::Hovered { is_toggled } => (is_toggled, true, false),
        widget::toggler::Status::Disabled { is_toggled } => (is_toggled, false, true),
    };
    let (track, knob) = match (on, hovered, disabled) {
        (_, _, true) => (c.stripe, c.border),
        (true, false, _) => (c.primary, c.on_primary),
        (true, true, _) => (c.primary_hover, c.on_primary),
        (false, false, _) => (c.border, c.background),
        (false, true, _) => (c.muted, c.background),
    };
    widget::toggler::Style {
        background: track.into(),
        background_border_width: 0.0,
        background_border_color: Color::TRANSPARENT,
        foreground: knob.into(),
        foreground_border_width: 0.0,
        foreground_border_color: Color::TRANSPARENT,
        text_color: Some(if disabled { c.muted } else { c.text }),
        border_radius: None,
        padding_ratio: 0.1,
    }
}

/// Muted text for hints and secondary facts (opaque, 4.5:1 on the window,
/// on cards and on striped rows).
pub fn muted(theme: &Theme) -> Color {
    colors(theme).muted
}

pub fn danger(theme: &Theme) -> Color {
    colors(theme).danger
}

pub fn success(theme: &Theme) -> Color {
    colors(theme).success
}

pub fn warning(theme: &Theme) -> Color {
    colors(theme).warning
}

/// The shade behind a dialog, over the screen it asks about.
pub fn shade(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Color::from_rgba(0.0, 0.0, 0.0, 0.45).into()),
        ..container::Style::default()
    }
}

/// A banner for an error the user must read.
pub fn error_banner(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(c.danger_surface.into()),
        text_color: Some(c.on_danger_surface),
        border: Border {
            color: c.danger,
            width: 1.0,
            radius: 4.0.into(),
        },
        ..container::Style::default()
    }
}

/// The word "overdue" beside a follow-up's date: a filled mark in the
/// warning colour, so that neither the colour nor the word is alone.
pub fn overdue(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        background: Some(c.warning.into()),
        text_color: Some(c.on_warning),
        border: Border {
            radius: 4.0.into(),
            ..Border::default()
        },
        ..container::Style::default()
    }
}

/// The row the keyboard is on (Up and Down in the case list): the focus
/// outline's colour around it.
pub fn row_cursor(theme: &Theme) -> container::Style {
    let c = colors(theme);
    container::Style {
        border: iced::Border {
            color: c.primary,
            width: 2.0,
            radius: 2.0.into(),
        },
        ..container::Style::default()
    }
}

/// Alternate rows of a table.
pub fn row_stripe(theme: &Theme) -> container::Style {
    container::Style {
        background: Some(colors(theme).stripe.into()),
        ..container::Style::default()
    }
}

/// A bar of a chart: the primary colour, or muted for the unknowns (both
/// 3:1 on a card).
pub fn bar(unknown: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let c = colors(theme);
        container::Style {
            background: Some(if unknown { c.muted } else { c.primary }.into()),
            ..container::Style::default()
        }
    }
}

/// The fill of a heat-table cell whose count is `strength` (0 to 1) of the
/// largest: from a tint of the card to the primary colour.
pub fn heat_fill(c: &Colors, strength: f32) -> Color {
    blend(c.surface, c.primary, 0.06 + 0.94 * strength.clamp(0.0, 1.0))
}

/// The text of a heat-table cell: the theme's text colour, or the colour
/// for text on primary, or black or white, whichever reads first on its
/// fill.
pub fn heat_text(c: &Colors, strength: f32) -> Color {
    readable_on(heat_fill(c, strength), &[c.text, c.on_primary])
}

pub fn heat_cell(strength: f32) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let c = colors(theme);
        container::Style {
            background: Some(heat_fill(c, strength).into()),
            text_color: Some(heat_text(c, strength)),
            ..container::Style::default()
        }
    }
}

#[cfg(test)]
mod tests;
