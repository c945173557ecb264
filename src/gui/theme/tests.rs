//! The palettes against WCAG 2.1 AA, and the styles built from them.

use super::*;

fn failures(colors: &Colors) -> Vec<String> {
    colors
        .pairs()
        .iter()
        .filter(|p| p.contrast() < p.need.ratio())
        .map(|p| format!("{}: {:.2}:1 < {}:1", p.name, p.contrast(), p.need.ratio()))
        .collect()
}

#[test]
fn luminance_and_contrast_follow_wcag_2_1() {
    // The extremes and two values worked by hand from the definition.
    assert!((contrast(Color::BLACK, Color::WHITE) - 21.0).abs() < 1e-4);
    assert!((contrast(Color::WHITE, Color::WHITE) - 1.0).abs() < 1e-6);
    // #777777: channel 0.4667 → ((0.4667 + 0.055) / 1.055)^2.4 = 0.1845.
    assert!((relative_luminance(color!(0x777777)) - 0.1845).abs() < 1e-3);
    // On white: 1.05 / 0.2345 = 4.48, the grey that just fails AA.
    assert!((contrast(color!(0x777777), Color::WHITE) - 4.48).abs() < 0.01);
    // Pure red: 0.2126 → 1.05 / 0.2626 = 4.00 on white.
    assert!((contrast(color!(0xff0000), Color::WHITE) - 4.0).abs() < 0.01);
}

#[test]
fn every_pair_of_both_palettes_meets_wcag_aa() {
    for (mode, colors) in [(Mode::Light, &LIGHT), (Mode::Dark, &DARK)] {
        let failed = failures(colors);
        assert!(failed.is_empty(), "{mode:?}: {failed:#?}");
    }
}

/// The palette of issue 21's measurements, rebuilt from iced's own
/// generator as the app used it: the check must catch what was measured.
#[test]
fn the_check_fails_on_the_palette_it_replaced() {
    let old = |palette: Palette| {
        let e = Extended::generate(palette);
        let text = e.background.base.text;
        Colors {
            background: e.background.base.color,
            surface: e.background.base.color,
            stripe: blend(e.background.base.color, e.background.weak.color, 0.5),
            text,
            muted: blend(e.background.base.color, text, 0.65),
            border: e.background.strong.color,
            primary: e.primary.base.color,
            primary_hover: e.primary.strong.color,
            on_primary: e.primary.base.text,
            selection: e.primary.weak.color,
            secondary: e.secondary.base.color,
            secondary_hover: e.secondary.strong.color,
            on_secondary: e.secondary.base.text,
            header: e.primary.strong.color,
            header_hover: e.primary.strong.color,
            // The sections were `button::text`: the window's text colour.
            on_header: text,
            on_header_muted: e.primary.strong.text,
            header_current: e.primary.strong.color,
            // Faded, as a disabled button.
            on_header_current: blend(e.primary.strong.color, text, 0.5),
            danger: e.danger.base.color,
            danger_hover: e.danger.strong.color,
            on_danger: e.danger.base.text,
            danger_surface: e.danger.weak.color,
            on_danger_surface: e.danger.weak.text,
            success: e.success.base.color,
            success_hover: e.success.strong.color,
            on_success: e.success.base.text,
            warning: e.warning.base.color,
            warning_hover: e.warning.strong.color,
            on_warning: e.warning.base.text,
        }
    };
    let light = old(Palette {
        background: color!(0xf6f7f9),
        text: color!(0x1d2430),
        primary: color!(0x1f4e79),
        success: color!(0x2e7d32),
        warning: color!(0xb26a00),
        danger: color!(0xb3261e),
    });
    let dark = old(Palette {
        background: color!(0x1b1f26),
        text: color!(0xe6e8eb),
        primary: color!(0x6fa8dc),
        success: color!(0x81c784),
        warning: color!(0xffb74d),
        danger: color!(0xef9a9a),
    });
    for colors in [light, dark] {
        let failed = failures(&colors);
        assert!(
            failed.iter().any(|f| f.starts_with("header label:")),
            "{failed:#?}"
        );
        assert!(
            failed
                .iter()
                .any(|f| f.starts_with("input border on background:")),
            "{failed:#?}"
        );
    }
    let header = |c: &Colors| contrast(c.on_header, c.header);
    assert!((header(&light) - 2.75).abs() < 0.1, "{}", header(&light));
    assert!((contrast(light.border, light.background) - 1.6).abs() < 0.1);
}

/// iced's default styles, which most screens still use, read the
/// extended palette: every pair in it reads, and its borders show.
#[test]
fn the_extended_palette_holds_to_the_same_thresholds() {
    for mode in [Mode::Light, Mode::Dark] {
        let e = Colors::of(mode).extended();
        let b = e.background;
        let pairs = [
            ("background.base", b.base),
            ("background.weakest", b.weakest),
            ("background.weaker", b.weaker),
            ("background.weak", b.weak),
            ("background.neutral", b.neutral),
            ("primary.base", e.primary.base),
            ("primary.weak", e.primary.weak),
            ("primary.strong", e.primary.strong),
            ("secondary.base", e.secondary.base),
            ("secondary.strong", e.secondary.strong),
            ("success.base", e.success.base),
            ("success.strong", e.success.strong),
            ("warning.base", e.warning.base),
            ("warning.strong", e.warning.strong),
            ("danger.base", e.danger.base),
            ("danger.weak", e.danger.weak),
            ("danger.strong", e.danger.strong),
        ];
        for (name, pair) in pairs {
            let ratio = contrast(pair.text, pair.color);
            assert!(ratio >= TEXT_CONTRAST, "{mode:?} {name}: {ratio:.2}");
        }
        // The default text input's border, pick list's border,
        // checkbox's border and switch's off track.
        for on in [b.base.color, b.weak.color, b.weakest.color] {
            let ratio = contrast(b.strong.color, on);
            assert!(ratio >= GRAPHIC_CONTRAST, "{mode:?} border: {ratio:.2}");
        }
        // The default placeholder is the secondary colour.
        let ratio = contrast(e.secondary.base.color, b.base.color);
        assert!(ratio >= TEXT_CONTRAST, "{mode:?} placeholder: {ratio:.2}");
    }
}

/// The styles the screens use, read back: text on its fill, outlines on
/// the window.
#[test]
fn the_widget_styles_meet_the_thresholds_in_every_state() {
    for mode in [Mode::Light, Mode::Dark] {
        let theme = theme(mode);
        let c = Colors::of(mode);
        let fill = |b: Option<Background>, behind: Color| match b {
            Some(Background::Color(color)) => color,
            _ => behind,
        };
        // iced fades some colours (a hovered text button): they are
        // seen laid over what is behind them.
        let check = |what: &str, fg: Color, bg: Color, need: f32| {
            let ratio = contrast(blend(bg, Color { a: 1.0, ..fg }, fg.a), bg);
            assert!(ratio >= need, "{mode:?} {what}: {ratio:.2}");
        };
        let pressable = [
            button::Status::Active,
            button::Status::Hovered,
            button::Status::Pressed,
        ];
        for status in pressable {
            for current in [false, true] {
                let s = nav(current)(&theme, status);
                check("nav", s.text_color, fill(s.background, c.header), 4.5);
            }
            let s = lock(&theme, status);
            check("lock", s.text_color, fill(s.background, c.header), 4.5);
            check("lock outline", s.border.color, c.header, 3.0);
            for (name, style) in [
                (
                    "primary",
                    button_primary as fn(&Theme, button::Status) -> button::Style,
                ),
                ("secondary", button_secondary),
                ("danger", button_danger),
                ("quiet", button_quiet),
                ("sort heading", sort_heading),
                ("iced primary", button::primary),
                ("iced secondary", button::secondary),
                ("iced danger", button::danger),
                ("iced text", button::text),
            ] {
                let s = style(&theme, status);
                // Rows of a list, striped or not, are quiet buttons.
                for behind in [c.background, c.surface, c.stripe] {
                    check(name, s.text_color, fill(s.background, behind), 4.5);
                }
            }
        }
        // The current section stands apart from the others.
        let current = nav(true)(&theme, button::Status::Active);
        check(
            "current section",
            fill(current.background, c.header),
            c.header,
            3.0,
        );

        let input_states = [
            widget::text_input::Status::Active,
            widget::text_input::Status::Hovered,
            widget::text_input::Status::Focused { is_hovered: false },
        ];
        for status in input_states {
            for style in [text_input, widget::text_input::default] {
                let s = style(&theme, status);
                let inside = fill(Some(s.background), c.background);
                check("input value", s.value, inside, 4.5);
                check("input placeholder", s.placeholder, inside, 4.5);
                for behind in [c.background, c.surface] {
                    check("input border", s.border.color, behind, 3.0);
                }
            }
            let s = text_input_invalid(&theme, status);
            check("invalid border", s.border.color, c.surface, 3.0);
        }
        for status in [
            widget::pick_list::Status::Active,
            widget::pick_list::Status::Hovered,
            widget::pick_list::Status::Opened { is_hovered: false },
        ] {
            for style in [pick_list, widget::pick_list::default] {
                let s = style(&theme, status);
                check(
                    "pick list",
                    s.text_color,
                    fill(Some(s.background), c.surface),
                    4.5,
                );
                for behind in [c.background, c.surface] {
                    check("pick list border", s.border.color, behind, 3.0);
                }
            }
        }
        for checked in [false, true] {
            for status in [
                widget::checkbox::Status::Active {
                    is_checked: checked,
                },
                widget::checkbox::Status::Hovered {
                    is_checked: checked,
                },
            ] {
                for style in [checkbox, widget::checkbox::primary] {
                    let s = style(&theme, status);
                    let inside = fill(Some(s.background), c.surface);
                    for behind in [c.background, c.surface] {
                        // The box is seen by its outline, or by its
                        // fill when checked.
                        let seen = contrast(s.border.color, behind).max(contrast(inside, behind));
                        assert!(seen >= 3.0, "{mode:?} checkbox: {seen:.2}");
                    }
                    if checked {
                        check("check mark", s.icon_color, inside, 3.0);
                    }
                }
            }
            for status in [
                widget::toggler::Status::Active {
                    is_toggled: checked,
                },
                widget::toggler::Status::Hovered {
                    is_toggled: checked,
                },
            ] {
                for style in [toggler, widget::toggler::default] {
                    let s = style(&theme, status);
                    let track = fill(Some(s.background), c.surface);
                    for behind in [c.background, c.surface] {
                        check("switch track", track, behind, 3.0);
                    }
                    // iced's own switch fades its knob when hovered on;
                    // the knob is then seen against its track by shape.
                    if !(checked && matches!(status, widget::toggler::Status::Hovered { .. })) {
                        check("switch knob", fill(Some(s.foreground), track), track, 3.0);
                    }
                }
            }
        }
        let menu = iced::overlay::menu::default(&theme);
        check(
            "menu",
            menu.text_color,
            fill(Some(menu.background), c.surface),
            4.5,
        );
        check(
            "menu selected",
            menu.selected_text_color,
            fill(Some(menu.selected_background), c.surface),
            4.5,
        );
        let s = header_muted(&theme);
        check(
            "header muted",
            s.color.unwrap_or(c.on_header),
            c.header,
            4.5,
        );
        for style in [card, error_banner, row_stripe, header, overdue] {
            let s = style(&theme);
            if let Some(text) = s.text_color {
                check(
                    "container text",
                    text,
                    fill(s.background, c.background),
                    4.5,
                );
            }
        }
    }
}

#[test]
fn every_heat_cell_has_readable_text() {
    for colors in [&LIGHT, &DARK] {
        for step in 0..=1000 {
            let strength = step as f32 / 1000.0;
            let ratio = contrast(heat_text(colors, strength), heat_fill(colors, strength));
            assert!(ratio >= TEXT_CONTRAST, "{strength}: {ratio:.2}");
        }
    }
}
