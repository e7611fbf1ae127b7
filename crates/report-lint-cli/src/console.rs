//! The streams a run talks to, and whether each gets colour.

use crate::args::ColorChoice;
use std::io::{Read, Write};

/// What is known about the real terminal; [`crate::run`] knows nothing, so
/// `--color auto` means no colour there.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    pub stdout_is_tty: bool,
    pub stderr_is_tty: bool,
    /// NO_COLOR is set and not empty (https://no-color.org).
    pub no_color: bool,
}

impl Terminal {
    pub fn detect() -> Terminal {
        use std::io::IsTerminal;
        Terminal {
            stdout_is_tty: std::io::stdout().is_terminal(),
            stderr_is_tty: std::io::stderr().is_terminal(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

pub struct Console<'a> {
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    pub terminal: Terminal,
}

impl Console<'_> {
    pub fn stream(&mut self, stream: Stream) -> &mut dyn Write {
        match stream {
            Stream::Stdout => &mut *self.stdout,
            Stream::Stderr => &mut *self.stderr,
        }
    }

    /// `--color always` wins over NO_COLOR: an explicit flag is the user's latest word.
    pub fn color(&self, choice: ColorChoice, stream: Stream) -> bool {
        let tty = match stream {
            Stream::Stdout => self.terminal.stdout_is_tty,
            Stream::Stderr => self.terminal.stderr_is_tty,
        };
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !self.terminal.no_color,
        }
    }
}
