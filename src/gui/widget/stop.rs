//! A stop of the keyboard's focus order that iced 0.14 does not give:
//! pick lists, switches and checkboxes take no focus of their own. The
//! screen keeps the order and which stop has the focus; this wrapper says
//! when the officer clicks into its content (so that Tab goes on from
//! there), draws a focus ring while it has the focus, and then turns
//! Space and the arrow keys into the control's own messages.

use iced::advanced::layout::{self, Layout};
use iced::advanced::widget::{Operation, Tree, tree};
use iced::advanced::{Clipboard, Shell, Widget, mouse, overlay, renderer};
use iced::keyboard::{self, key::Named};
use iced::{Border, Color, Element, Event, Length, Rectangle, Size, Theme, Vector};

pub struct Stop<'a, Message> {
    content: Element<'a, Message>,
    focused: bool,
    on_click: Option<Message>,
    keys: Vec<(Named, Message)>,
    /// Keys that work wherever the focus is (`on_key_anywhere`).
    anywhere: Vec<(Named, Message)>,
    copy: bool,
}

/// Wraps `content` as a stop of the focus order.
pub fn stop<'a, Message>(content: impl Into<Element<'a, Message>>) -> Stop<'a, Message> {
    Stop {
        content: content.into(),
        focused: false,
        on_click: None,
        keys: Vec::new(),
        anywhere: Vec::new(),
        copy: true,
    }
}

impl<'a, Message: Clone> Stop<'a, Message> {
    /// Whether the stop has the focus: ringed, and its keys work.
    pub fn focused(mut self, focused: bool) -> Self {
        self.focused = focused;
        self
    }

    /// Sent when the officer presses the mouse inside it.
    pub fn on_click(mut self, message: Message) -> Self {
        self.on_click = Some(message);
        self
    }

    /// Ctrl+C and Ctrl+X never reach the content (a passphrase shown in
    /// clear may be read, not copied to the clipboard).
    pub fn without_copy(mut self) -> Self {
        self.copy = false;
        self
    }

    /// Sent when `key` is pressed, whether or not the stop has the focus
    /// (Esc cancelling a form whose text input has it: the input would
    /// take the key to give up the focus, and the form stay open).
    pub fn on_key_anywhere(mut self, key: Named, message: Message) -> Self {
        self.anywhere.push((key, message));
        self
    }

    /// Sent when `key` is pressed while the stop has the focus.
    pub fn on_key(mut self, key: Named, message: Message) -> Self {
        self.keys.push((key, message));
        self
    }
}

impl<Message: Clone> Widget<Message, Theme, iced::Renderer> for Stop<'_, Message> {
    fn size(&self) -> Size<Length> {
        self.content.as_widget().size()
    }

    fn size_hint(&self) -> Size<Length> {
        self.content.as_widget().size_hint()
    }

    fn layout(
        &mut self,
        tree: &mut Tree,
        renderer: &iced::Renderer,
        limits: &layout::Limits,
    ) -> layout::Node {
        self.content.as_widget_mut().layout(tree, renderer, limits)
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        self.content
            .as_widget()
            .draw(tree, renderer, theme, style, layout, cursor, viewport);
        if self.focused {
            use iced::advanced::Renderer as _;
            let bounds = layout.bounds().expand(3.0);
            renderer.fill_quad(
                renderer::Quad {
                    bounds,
                    border: Border {
                        color: theme.extended_palette().primary.strong.color,
                        width: 2.0,
                        radius: 4.0.into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }

    fn tag(&self) -> tree::Tag {
        self.content.as_widget().tag()
    }

    fn state(&self) -> tree::State {
        self.content.as_widget().state()
    }

    fn children(&self) -> Vec<Tree> {
        self.content.as_widget().children()
    }

    fn diff(&self, tree: &mut Tree) {
        self.content.as_widget().diff(tree);
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn Operation,
    ) {
        self.content
            .as_widget_mut()
            .operate(tree, layout, renderer, operation);
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
        match event {
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left))
                if cursor.is_over(layout.bounds()) =>
            {
                if let Some(message) = &self.on_click {
                    shell.publish(message.clone());
                }
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key,
                physical_key,
                modifiers,
                ..
            }) if !self.copy
                && modifiers.command()
                && matches!(
                    key.to_latin(*physical_key).map(|c| c.to_ascii_lowercase()),
                    Some('c' | 'x')
                ) =>
            {
                shell.capture_event();
                return;
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(named),
                modifiers,
                ..
            }) if !modifiers.command()
                && let Some((_, message)) = self.anywhere.iter().find(|(key, _)| key == named) =>
            {
                shell.publish(message.clone());
                shell.capture_event();
                return;
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(named),
                modifiers,
                ..
            }) if self.focused && !modifiers.command() => {
                if let Some((_, message)) = self.keys.iter().find(|(key, _)| key == named) {
                    shell.publish(message.clone());
                    shell.capture_event();
                    return;
                }
            }
            _ => {}
        }
        self.content.as_widget_mut().update(
            tree, event, layout, cursor, renderer, clipboard, shell, viewport,
        );
    }

    fn mouse_interaction(
        &self,
        tree: &Tree,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
        renderer: &iced::Renderer,
    ) -> mouse::Interaction {
        self.content
            .as_widget()
            .mouse_interaction(tree, layout, cursor, viewport, renderer)
    }

    fn overlay<'b>(
        &'b mut self,
        tree: &'b mut Tree,
        layout: Layout<'b>,
        renderer: &iced::Renderer,
        viewport: &Rectangle,
        translation: Vector,
    ) -> Option<overlay::Element<'b, Message, Theme, iced::Renderer>> {
        self.content
            .as_widget_mut()
            .overlay(tree, layout, renderer, viewport, translation)
    }
}

impl<'a, Message: Clone + 'a> From<Stop<'a, Message>> for Element<'a, Message> {
    fn from(stop: Stop<'a, Message>) -> Self {
        Element::new(stop)
    }
}
