//! A text input that searches a list and picks from it, made for the
//! keyboard: iced 0.14's `combo_box` gives its inner text input no id and
//! no `operate`, so no focus operation reaches it (Tab cannot enter it),
//! and when focused it takes Tab and Shift+Tab to cycle its options (Tab
//! cannot leave it). This one is a plain text input with an id, so it is
//! a stop of the screen's focus order like any field; the screen filters
//! the choices as the officer types (`matches`), and while the input has
//! the focus and some text, the matches open under it: the arrow keys move
//! through them, Enter picks the one highlighted (the first at first), Esc
//! closes them alone, and Tab is left to the screen.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree, tree};
use iced::advanced::{Clipboard, Shell, Widget, mouse, overlay, renderer};
use iced::keyboard::{self, key::Named};
use iced::overlay::menu;
use iced::widget::text_input::{self, TextInput, Value};
use iced::{Element, Event, Length, Rectangle, Size, Theme, Vector};

/// The most matches shown at once.
const ROWS: usize = 8;
/// Above and below each match's name.
const PADDING: f32 = 8.0;

/// The choices that match a text, best first.
type Search<'a, T> = Box<dyn Fn(&str) -> Vec<T> + 'a>;

type Paragraph = <iced::Renderer as iced::advanced::text::Renderer>::Paragraph;

pub struct SearchPick<'a, T, Message> {
    /// The input gives what is typed to this widget first (`State::pending`).
    input: TextInput<'a, String>,
    /// What is typed: the matches are open while it is not empty.
    query: String,
    /// The choices that match `query`, best first.
    matches: Vec<T>,
    /// The choices that match a text, best first.
    search: Search<'a, T>,
    on_type: Box<dyn Fn(String) -> Message + 'a>,
    /// The value chosen, shown while nothing is typed and the input does
    /// not have the focus (with the focus, it is the placeholder).
    chosen: Option<Value>,
    on_pick: Box<dyn Fn(T) -> Message + 'a>,
    /// The matches as the open list shows them, each cut to its width.
    shown: Vec<Fitted<T>>,
    menu_class: <Theme as menu::Catalog>::Class<'a>,
}

/// The widget's own state, kept in the tree from one view to the next.
#[derive(Default)]
struct State {
    menu: menu::State,
    /// The match Enter picks: the first of a new search, then where the
    /// arrows (or the pointer) went.
    highlighted: Option<usize>,
    /// Esc closed the matches of what is typed (until it changes).
    closed: bool,
    /// How many characters were typed when the state was last synced, and
    /// a fingerprint of them: a change means a new search (a new
    /// highlight), without keeping a copy of what was typed.
    seen: (usize, u64),
    /// What was typed since the view was made: keys come in batches, and
    /// an Enter typed right after the letters (xdotool, a fast typist)
    /// must pick from their matches, not from those the view was made for.
    pending: Option<String>,
}

impl State {
    fn forget_pending(&mut self) {
        if let Some(mut text) = self.pending.take() {
            zeroize::Zeroize::zeroize(&mut text);
        }
    }
}

/// A search box with the id `id`: `query` typed (`on_type` gets each
/// change), `search` the choices for a text, `on_pick` a choice made.
pub fn search_pick<'a, T, Message>(
    id: impl Into<iced::widget::Id>,
    placeholder: &str,
    query: &str,
    search: impl Fn(&str) -> Vec<T> + 'a,
    chosen: Option<&T>,
    on_type: impl Fn(String) -> Message + 'a,
    on_pick: impl Fn(T) -> Message + 'a,
) -> SearchPick<'a, T, Message>
where
    T: ToString,
    Message: Clone + 'a,
{
    let chosen = chosen.map(ToString::to_string);
    let input = TextInput::new(chosen.as_deref().unwrap_or(placeholder), query)
        .id(id)
        .on_input(|text| text);
    SearchPick {
        input,
        query: query.to_owned(),
        matches: search(query),
        search: Box::new(search),
        on_type: Box::new(on_type),
        chosen: chosen.map(|c| Value::new(&c)),
        on_pick: Box::new(on_pick),
        shown: Vec::new(),
        menu_class: <Theme as menu::Catalog>::default(),
    }
}

impl<'a, T, Message: Clone + 'a> SearchPick<'a, T, Message> {
    pub fn padding(mut self, padding: impl Into<iced::Padding>) -> Self {
        self.input = self.input.padding(padding);
        self
    }

    pub fn style(
        mut self,
        style: impl Fn(&Theme, text_input::Status) -> text_input::Style + 'a,
    ) -> Self {
        self.input = self.input.style(style);
        self
    }

    /// A new search starts with the first match highlighted, open.
    fn sync(text: &str, state: &mut State) {
        let seen = fingerprint(text);
        if state.seen != seen {
            state.seen = seen;
            state.highlighted = Some(0);
            state.closed = false;
        }
    }

    /// Whether the matches show: the input has the focus, something is
    /// typed, something matches, and Esc did not close them.
    fn open(&self, state: &State, focused: bool) -> bool {
        focused && !self.query.is_empty() && !self.matches.is_empty() && !state.closed
    }
}

/// A match and its text as the list shows it, cut with an ellipsis to at
/// most the characters that fit.
#[derive(Clone)]
struct Fitted<T> {
    choice: T,
    label: String,
}

impl<T: ToString> Fitted<T> {
    fn new(choice: T, characters: usize) -> Self {
        let label = cut(&choice.to_string(), characters);
        Fitted { choice, label }
    }
}

impl<T> std::fmt::Display for Fitted<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

/// How many characters of text of `size` pixels fit in `width` pixels, at
/// the widest average a Latin or Lithuanian text of the bundled font has
/// (about 0.6 of its size).
fn fitting_characters(width: f32, size: f32) -> usize {
    (width / (0.6 * size)).floor().max(1.0) as usize
}

/// `text` itself if it has at most `characters` characters, or its first
/// ones and an ellipsis, `characters` in all.
fn cut(text: &str, characters: usize) -> String {
    if text.chars().count() <= characters {
        return text.to_owned();
    }
    let kept: String = text.chars().take(characters.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

fn fingerprint(text: &str) -> (usize, u64) {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    (text.len(), hasher.finish())
}

fn focused(tree: &Tree) -> bool {
    tree.children[0]
        .state
        .downcast_ref::<text_input::State<Paragraph>>()
        .is_focused()
}

impl<'a, T, Message> Widget<Message, Theme, iced::Renderer> for SearchPick<'a, T, Message>
where
    T: ToString + Clone + 'a,
    Message: Clone + 'a,
{
    fn size(&self) -> Size<Length> {
        Widget::<String, Theme, iced::Renderer>::size(&self.input)
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        let shown = (!focused(tree) && self.query.is_empty())
            .then_some(self.chosen.as_ref())
            .flatten();
        self.input
            .layout(&mut tree.children[0], renderer, limits, shown)
    }

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<State>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(State::default())
    }

    fn children(&self) -> Vec<Tree> {
        vec![Tree::new(
            &self.input as &dyn Widget<String, Theme, iced::Renderer>,
        )]
    }

    fn diff(&self, tree: &mut Tree) {
        // A new view: what was typed is its `query` now.
        tree.state.downcast_mut::<State>().forget_pending();
        tree.diff_children(&[&self.input as &dyn Widget<String, Theme, iced::Renderer>]);
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        Widget::<String, Theme, iced::Renderer>::operate(
            &mut self.input,
            &mut tree.children[0],
            layout,
            renderer,
            operation,
        );
    }

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let has_focus = focused(tree);
        let state = tree.state.downcast_mut::<State>();
        if let Some(pending) = &state.pending {
            // Typed in this batch of events: its own matches.
            self.matches = (self.search)(pending);
            self.query = pending.clone();
        }
        Self::sync(&self.query, state);
        if let Event::Keyboard(keyboard::Event::KeyPressed {
            key: keyboard::Key::Named(named),
            modifiers,
            ..
        }) = event
            && has_focus
            && !modifiers.command()
            && !modifiers.alt()
        {
            let count = self.matches.len();
            let open = self.open(state, has_focus);
            let handled = match named {
                // The arrows open closed matches again, then move.
                Named::ArrowDown | Named::ArrowUp if !self.query.is_empty() && count > 0 => {
                    let down = *named == Named::ArrowDown;
                    state.highlighted = Some(match (state.closed, state.highlighted) {
                        (false, Some(at)) if down => (at + 1) % count,
                        (false, Some(at)) => (at + count - 1) % count,
                        (_, None) | (true, _) if down => 0,
                        _ => count - 1,
                    });
                    state.closed = false;
                    true
                }
                Named::Enter if open => {
                    let at = state.highlighted.unwrap_or(0);
                    if let Some(choice) = self.matches.get(at) {
                        shell.publish((self.on_pick)(choice.clone()));
                    }
                    true
                }
                Named::Escape if open => {
                    state.closed = true;
                    true
                }
                _ => false,
            };
            if handled {
                shell.capture_event();
                shell.request_redraw();
                return;
            }
        }
        let mut typed = Vec::new();
        let mut inner = Shell::new(&mut typed);
        Widget::<String, Theme, iced::Renderer>::update(
            &mut self.input,
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            &mut inner,
            viewport,
        );
        if inner.is_event_captured() {
            shell.capture_event();
        }
        shell.request_redraw_at(inner.redraw_request());
        shell.request_input_method(inner.input_method());
        if let Some(text) = typed.pop() {
            let state = tree.state.downcast_mut::<State>();
            Self::sync(&text, state);
            state.forget_pending();
            state.pending = Some(text.clone());
            shell.publish((self.on_type)(text));
        }
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        Widget::<String, Theme, iced::Renderer>::mouse_interaction(
            &self.input,
            &tree.children[0],
            layout,
            cursor,
            viewport,
            renderer,
        )
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &Theme,
        _style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        let shown = (!focused(tree) && self.query.is_empty())
            .then_some(self.chosen.as_ref())
            .flatten();
        self.input.draw(
            &tree.children[0],
            renderer,
            theme,
            layout,
            cursor,
            shown,
            viewport,
        );
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, iced::Renderer>> {
        use iced::advanced::text::Renderer as _;
        let has_focus = focused(tree);
        let state = tree.state.downcast_mut::<State>();
        if state.pending.is_some() {
            // Typed since the view was made: the next view shows its matches.
            return None;
        }
        Self::sync(&self.query, state);
        if !self.open(state, has_focus) {
            return None;
        }
        let bounds = layout.bounds();
        // At most `ROWS` matches at a time (the rest scroll), so that a
        // short query does not cover the whole form.
        let row = iced::widget::text::LineHeight::default()
            .to_absolute(renderer.default_size())
            .0
            + 2.0 * PADDING;
        let height = row * self.matches.len().min(ROWS) as f32;
        // iced's menu draws each match on one line of unbounded width, so a
        // long one would run past the list's edge (and stay on screen after
        // the list shrinks): each is cut to the characters the list holds.
        let characters =
            fitting_characters(bounds.width - 2.0 * PADDING, renderer.default_size().0);
        self.shown = self
            .matches
            .iter()
            .map(|choice| Fitted::new(choice.clone(), characters))
            .collect();
        let on_pick = &self.on_pick;
        let State {
            menu, highlighted, ..
        } = state;
        Some(
            menu::Menu::new(
                menu,
                &self.shown,
                highlighted,
                move |fitted: Fitted<T>| on_pick(fitted.choice),
                None,
                &self.menu_class,
            )
            .width(bounds.width)
            .padding(PADDING)
            .overlay(
                layout.position() + translation,
                *viewport,
                bounds.height,
                Length::Fixed(height),
            ),
        )
    }
}

impl<'a, T, Message> From<SearchPick<'a, T, Message>> for Element<'a, Message>
where
    T: ToString + Clone + 'a,
    Message: Clone + 'a,
{
    fn from(pick: SearchPick<'a, T, Message>) -> Self {
        Element::new(pick)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_match_is_cut_to_the_list_and_a_short_one_kept_whole() {
        let long = "Lietuvių bendruomenė Londone — Lithuanian community organisation, London, United Kingdom";
        let characters = fitting_characters(570.0, 16.0);
        let shown = cut(long, characters);
        assert_eq!(shown.chars().count(), characters, "{shown}");
        assert!(shown.ends_with('…') && long.starts_with(shown.trim_end_matches('…')));
        let short = "St Anne's Shelter — NGO, Manchester, United Kingdom";
        assert_eq!(cut(short, characters), short);
        // A list too narrow for any text still shows the ellipsis.
        assert_eq!(cut(long, fitting_characters(1.0, 16.0)), "…");
    }
}
