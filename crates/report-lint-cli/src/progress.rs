//! The progress bar of long runs: on stderr, only when stderr is a
//! terminal, only for text output (a program reading JSON has no use for
//! it) and only for runs over [`MIN_FILES`] files.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub const MIN_FILES: usize = 50;

pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// `doing` names the work: 检查中, 修复中.
    pub fn new(show: bool, len: usize, doing: &str) -> Progress {
        if !show || len <= MIN_FILES {
            return Progress(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{doing} [{{bar:30}}] {{pos}}/{{len}} 个文件 {{elapsed}} {{msg}}"
        )) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress(Some(bar))
    }

    pub fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// More steps after the files: the cross-year pairs.
    pub fn extend(&self, steps: usize, message: &'static str) {
        if let Some(bar) = &self.0 {
            bar.inc_length(steps as u64);
            bar.set_message(message);
        }
    }

    /// Runs `f` with the bar hidden, so that printed findings do not mix with it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
