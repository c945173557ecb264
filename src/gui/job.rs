//! Work that must not run on the UI thread (key derivation, queries,
//! writes), described as data so that tests can run it synchronously and
//! the application can run it on a worker thread.

use std::time::Duration;

use iced::Task;

use super::app::Message;
use super::clipboard::{self, Fingerprint};

/// A piece of blocking work whose outcome is a message.
pub struct Job(Box<dyn FnOnce() -> Message + Send>);

impl Job {
    pub fn new(work: impl FnOnce() -> Message + Send + 'static) -> Job {
        Job(Box::new(work))
    }

    /// Runs the work here and now (tests).
    pub fn run(self) -> Message {
        (self.0)()
    }

    /// Runs the work on its own thread; the message arrives when it is done.
    pub fn into_task(self) -> Task<Message> {
        Task::perform(
            async move {
                let (sender, receiver) = iced::futures::channel::oneshot::channel();
                std::thread::spawn(move || {
                    let _ = sender.send(self.run());
                });
                receiver.await.ok()
            },
            |message| message.unwrap_or(Message::Ignored),
        )
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job")
    }
}

/// What `App::update` asks for: nothing, work off the UI thread, a widget
/// operation, or several of these.
#[derive(Debug, Default)]
pub enum Effect {
    #[default]
    None,
    Job(Job),
    /// A message sent after a while (a timer on the runtime, no thread).
    After(Duration, Box<Message>),
    Focus(&'static str),
    /// Focus by an id made at run time (`Focus(NO_INPUT)`-like ids too).
    FocusId(iced::widget::Id),
    FocusNext,
    FocusPrevious,
    Dialog(super::dialog::Dialog),
    Clipboard(clipboard::Request),
    Exit,
    Batch(Vec<Effect>),
}

impl Effect {
    pub fn job(work: impl FnOnce() -> Message + Send + 'static) -> Effect {
        Effect::Job(Job::new(work))
    }

    pub fn after(delay: Duration, message: Message) -> Effect {
        Effect::After(delay, Box::new(message))
    }

    pub fn and(self, other: Effect) -> Effect {
        match (self, other) {
            (Effect::None, other) | (other, Effect::None) => other,
            (Effect::Batch(mut effects), other) => {
                effects.push(other);
                Effect::Batch(effects)
            }
            (first, second) => Effect::Batch(vec![first, second]),
        }
    }

    pub fn into_task(self) -> Task<Message> {
        match self {
            Effect::None => Task::none(),
            Effect::Job(job) => job.into_task(),
            Effect::After(delay, message) => Task::future(async move {
                tokio::time::sleep(delay).await;
                *message
            }),
            Effect::Focus(id) => iced::widget::operation::focus(id),
            Effect::FocusId(id) => iced::widget::operation::focus(id),
            Effect::FocusNext => iced::widget::operation::focus_next(),
            Effect::FocusPrevious => iced::widget::operation::focus_previous(),
            Effect::Dialog(dialog) => dialog.into_task(),
            Effect::Clipboard(clipboard::Request::Read(reading)) => iced::clipboard::read()
                .map(move |text| Message::ClipboardRead(reading, Fingerprint::of_read(text))),
            Effect::Clipboard(clipboard::Request::Clear) => iced::clipboard::write(String::new()),
            Effect::Exit => iced::exit(),
            Effect::Batch(effects) => Task::batch(effects.into_iter().map(Effect::into_task)),
        }
    }

    /// What it asks of the clipboard, in order (tests play the clipboard).
    pub fn clipboard(&self) -> Vec<clipboard::Request> {
        match self {
            Effect::Clipboard(request) => vec![*request],
            Effect::Batch(effects) => effects.iter().flat_map(Effect::clipboard).collect(),
            _ => Vec::new(),
        }
    }

    /// The timers it starts, in order (tests look, then skip the wait).
    pub fn timers(&self) -> Vec<Duration> {
        match self {
            Effect::After(delay, _) => vec![*delay],
            Effect::Batch(effects) => effects.iter().flat_map(Effect::timers).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether it closes the window.
    pub fn exits(&self) -> bool {
        match self {
            Effect::Exit => true,
            Effect::Batch(effects) => effects.iter().any(Effect::exits),
            _ => false,
        }
    }

    /// The jobs to run, in order (tests run them and feed the results back);
    /// a timer is a job that gives its message at once, so that tests never
    /// wait.
    pub fn into_jobs(self) -> Vec<Job> {
        match self {
            Effect::Job(job) => vec![job],
            Effect::After(_, message) => vec![Job::new(move || *message)],
            Effect::Batch(effects) => effects.into_iter().flat_map(Effect::into_jobs).collect(),
            _ => Vec::new(),
        }
    }
}
