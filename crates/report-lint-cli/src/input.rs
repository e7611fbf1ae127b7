//! Reads one input into a [`SourceFile`]; every failure becomes a message
//! for the user, never a panic.

use crate::walk::Input;
use report_lint_core::SourceFile;
use std::io::{self, Read};
use std::path::Path;

/// Shown for stdin when `--stdin-filename` is not given.
pub const STDIN_NAME: &str = "<stdin>";

/// A file that could not be turned into text; the run exits with 2.
#[derive(Debug)]
pub struct ReadError {
    pub path: String,
    pub message: String,
}

/// The name an input is shown under in every output format.
pub fn input_name(input: &Input, stdin_filename: Option<&str>) -> String {
    match input {
        Input::Stdin => stdin_filename.unwrap_or(STDIN_NAME).to_string(),
        Input::File { path, .. } => display_path(path),
    }
}

pub fn read(input: &Input, name: String, stdin: &mut dyn Read) -> Result<SourceFile, ReadError> {
    let bytes = match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            stdin.read_to_end(&mut bytes).map(|_| bytes)
        }
        Input::File { path, .. } => std::fs::read(path),
    };
    let bytes = bytes.map_err(|e| ReadError {
        path: name.clone(),
        message: format!("无法读取：{}", describe_io(&e)),
    })?;
    SourceFile::from_bytes(name.clone(), bytes).map_err(|e| ReadError {
        path: name,
        message: e.to_string(),
    })
}

pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The OS's English error text only as a last resort: users read Chinese.
pub fn describe_io(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::NotFound => "文件不存在".into(),
        io::ErrorKind::PermissionDenied => "没有访问权限".into(),
        io::ErrorKind::IsADirectory => "这是一个文件夹".into(),
        _ => err.to_string(),
    }
}
