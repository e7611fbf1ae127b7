//! Reads one input into a [`SourceFile`]; every failure becomes a message
//! for the user, never a panic.

use crate::walk::Input;
use report_lint_core::{parse, Report, SourceFile};
use std::io::{self, Read};
use std::path::Path;

/// Shown for stdin when `--stdin-filename` is not given.
pub const STDIN_NAME: &str = "<stdin>";

/// Published reports are 20–500 KB, web pages with inline images a few MB.
/// Anything bigger is not a report (a log, a database dump), and parsing it
/// would take minutes and hundreds of MB: refused with a message instead.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// A Word draft carries its images and fonts: tens of MB are common, but
/// only its text parts are inflated (each under a cap of its own).
pub const MAX_DOCUMENT_BYTES: u64 = 128 * 1024 * 1024;

/// The size limit for a file of this name.
fn limit_for(name: &str) -> u64 {
    if report_lint_docx::is_office_name(name) || name.to_lowercase().ends_with(".pdf") {
        MAX_DOCUMENT_BYTES
    } else {
        MAX_BYTES
    }
}

/// A file that could not be turned into text; the run exits with 2.
#[derive(Debug)]
pub struct ReadError {
    pub path: String,
    pub message: String,
}

/// An input on its way to a worker. Stdin is read when this is made, on the
/// main thread that owns it; files are read by the worker.
pub struct Pending {
    input: Input,
    name: String,
    stdin: Option<Result<SourceFile, ReadError>>,
}

/// Why an input gives no report to check.
pub enum NoReport {
    /// Found by a folder walk and not an annual report.
    Skipped,
    Failed(ReadError),
}

impl Pending {
    pub fn new(input: &Input, stdin_filename: Option<&str>, stdin: &mut dyn Read) -> Pending {
        let name = input_name(input, stdin_filename);
        let stdin = (*input == Input::Stdin).then(|| read(input, name.clone(), stdin));
        Pending {
            input: input.clone(),
            name,
            stdin,
        }
    }

    pub fn input(&self) -> &Input {
        &self.input
    }

    /// The text of stdin, when this is stdin and it could be read.
    pub fn stdin_text(&self) -> Option<&SourceFile> {
        self.stdin.as_ref()?.as_ref().ok()
    }

    /// Reads the input.
    pub fn read(self) -> Result<SourceFile, ReadError> {
        match self.stdin {
            Some(read) => read,
            None => read(&self.input, self.name, &mut io::empty()),
        }
    }

    /// Reads and parses the input.
    pub fn open(self) -> Result<Report, NoReport> {
        let walked = self.input.is_walked();
        let report = parse(self.read().map_err(NoReport::Failed)?);
        if walked && !report.is_annual_report() {
            return Err(NoReport::Skipped);
        }
        Ok(report)
    }
}

/// The name an input is shown under in every output format.
pub fn input_name(input: &Input, stdin_filename: Option<&str>) -> String {
    match input {
        Input::Stdin => stdin_filename.unwrap_or(STDIN_NAME).to_string(),
        Input::File { path, .. } => display_path(path),
    }
}

pub fn read(input: &Input, name: String, stdin: &mut dyn Read) -> Result<SourceFile, ReadError> {
    let bytes = read_bytes(input, &name, stdin)?;
    decode(name, bytes)
}

/// The bytes of an input, within the size limit of its kind.
pub fn read_bytes(input: &Input, name: &str, stdin: &mut dyn Read) -> Result<Vec<u8>, ReadError> {
    let limit = limit_for(name);
    let bytes = match input {
        Input::Stdin => read_limited(stdin, 0, limit),
        Input::File { path, .. } => std::fs::File::open(path).and_then(|mut f| {
            // `metadata` first: a huge file is refused without reading it.
            match f.metadata()?.len() {
                len if len > limit => Ok(Err(len)),
                len => read_limited(&mut f, len as usize, limit),
            }
        }),
    };
    bytes
        .map_err(|e| ReadError {
            path: name.to_string(),
            message: format!("无法读取：{}", describe_io(&e)),
        })?
        .map_err(|len| ReadError {
            path: name.to_string(),
            message: too_large(len, limit),
        })
}

/// The text of a file: a Word document's or a PDF's text view (with its
/// map), or the text itself, decoded from whichever encoding it is in
/// (UTF-8, UTF-16, GBK/GB18030, Big5: [`SourceFile::from_bytes`], the one
/// decoder of every input, stdin and the files of a folder alike).
pub fn decode(name: String, bytes: Vec<u8>) -> Result<SourceFile, ReadError> {
    use report_lint_docx::{classify, unreadable, Docx, Kind};
    let failed = |message: String| ReadError {
        path: name.clone(),
        message,
    };
    if report_lint_pdf::is_pdf(&bytes) {
        return match report_lint_pdf::Pdf::read(&bytes) {
            Ok(pdf) => Ok(pdf.source(name.clone())),
            Err(e) => Err(failed(e.message())),
        };
    }
    match classify(&name, &bytes) {
        Kind::Package => match Docx::read(bytes) {
            Ok(docx) => Ok(docx.source(name.clone())),
            Err(e) => Err(failed(e.message())),
        },
        Kind::Unreadable => Err(failed(unreadable(&name, &bytes).message())),
        Kind::Other => {
            SourceFile::from_bytes(name.clone(), bytes).map_err(|e| failed(e.to_string()))
        }
    }
}

/// The bytes, or `Err(size read)` once more than `limit` arrive (a file
/// can grow between `metadata` and reading; stdin has no size).
fn read_limited(
    reader: &mut dyn Read,
    expected: usize,
    limit: u64,
) -> io::Result<Result<Vec<u8>, u64>> {
    // One byte more than expected, so the end is seen without growing.
    let mut bytes = Vec::with_capacity(expected + 1);
    reader.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

fn too_large(len: u64, limit: u64) -> String {
    let mb = |n: u64| n as f64 / (1024.0 * 1024.0);
    let size = if len > limit + 1 {
        format!("{:.1} MB", mb(len))
    } else {
        format!("超过 {:.0} MB", mb(limit))
    };
    format!(
        "文件过大（{size}），不像是一份年度报告（上限 {:.0} MB），未检查",
        mb(limit)
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_beyond_the_limit_is_refused_without_reading_it_all() {
        let mut endless = io::repeat(b'a');
        let err = read(&Input::Stdin, "-".into(), &mut endless).expect_err("too large");
        assert_eq!(
            err.message,
            "文件过大（超过 16 MB），不像是一份年度报告（上限 16 MB），未检查"
        );
        let mut small: &[u8] = "某区2023年报告".as_bytes();
        assert!(read(&Input::Stdin, "-".into(), &mut small).is_ok());
    }
}
