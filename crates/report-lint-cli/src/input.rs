//! Reads one input into a [`SourceFile`]; every failure becomes a message
//! for the user, never a panic.

use crate::walk::Input;
use crate::write::FileStamp;
pub use report_lint_core::describe_io;
use report_lint_core::{parse, too_large, Report, SourceFile};
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::Path;

/// Shown for stdin when `--stdin-filename` is not given.
pub const STDIN_NAME: &str = "<stdin>";

/// The size limit of a text file, the editor's as well (see
/// [`report_lint_core::MAX_TEXT_BYTES`]).
pub const MAX_BYTES: u64 = report_lint_core::MAX_TEXT_BYTES;

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
        self.read_stamped(false).map(|(source, _)| source)
    }

    /// Reads the input and, when `stamped` and it is a file, what the file
    /// was when read (for `fix`, to write it only if it is still that).
    pub fn read_stamped(self, stamped: bool) -> Result<(SourceFile, Option<FileStamp>), ReadError> {
        match self.stdin {
            Some(read) => read.map(|source| (source, None)),
            None => read_with(&self.input, self.name, &mut io::empty(), stamped),
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
    read_with(input, name, stdin, false).map(|(source, _)| source)
}

fn read_with(
    input: &Input,
    name: String,
    stdin: &mut dyn Read,
    stamped: bool,
) -> Result<(SourceFile, Option<FileStamp>), ReadError> {
    let (bytes, stamp) = read_bytes_stamped(input, &name, stdin, stamped)?;
    Ok((decode(name, bytes)?, stamp))
}

/// The bytes of an input, within the size limit of its kind.
pub fn read_bytes(input: &Input, name: &str, stdin: &mut dyn Read) -> Result<Vec<u8>, ReadError> {
    read_bytes_stamped(input, name, stdin, false).map(|(bytes, _)| bytes)
}

/// The bytes of an input, and with `stamped` the file's [`FileStamp`].
pub fn read_bytes_stamped(
    input: &Input,
    name: &str,
    stdin: &mut dyn Read,
    stamped: bool,
) -> Result<(Vec<u8>, Option<FileStamp>), ReadError> {
    let failed = |message: String| ReadError {
        path: name.to_string(),
        message,
    };
    let limit = limit_for(name);
    let (bytes, metadata) = match input {
        Input::Stdin => (read_limited(stdin, 0, limit), None),
        Input::File { path, .. } => {
            let (mut file, metadata) = open_regular(path).map_err(|e| failed(e.message()))?;
            // The size first: a huge file is refused without reading it.
            let bytes = match metadata.len() {
                len if len > limit => Ok(Err(len)),
                len => read_limited(&mut file, len as usize, limit),
            };
            (bytes, Some(metadata))
        }
    };
    let bytes = bytes
        .map_err(|e| failed(format!("无法读取：{}", describe_io(&e))))?
        .map_err(|len| failed(too_large(len, limit)))?;
    let stamp = metadata
        .filter(|_| stamped)
        .map(|m| FileStamp::of(&m, &bytes));
    Ok((bytes, stamp))
}

/// Why a path was not opened.
pub enum OpenError {
    Io(io::Error),
    /// A FIFO, a device, a socket: what it is.
    NotRegular(&'static str),
}

impl OpenError {
    pub fn message(&self) -> String {
        match self {
            OpenError::Io(e) => format!("无法读取：{}", describe_io(e)),
            OpenError::NotRegular(what) => {
                format!("这是{what}，不是普通文件，未读取；要从管道读入，请用 `-` 表示标准输入")
            }
        }
    }
}

impl From<io::Error> for OpenError {
    fn from(e: io::Error) -> OpenError {
        OpenError::Io(e)
    }
}

/// Opens a regular file to read, with its metadata. Anything else is
/// refused: reading a FIFO waits for a writer that may never come (the
/// run would hang), and a device has no end.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), OpenError> {
    // Looked at before it is opened: opening a FIFO waits for a writer,
    // and opening some devices does something (a tape rewinds).
    not_regular(&fs::metadata(path)?)?;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    // It can be swapped for a FIFO in between: opened without waiting (no
    // effect on a regular file's reads) and looked at again.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    not_regular(&metadata)?;
    Ok((file, metadata))
}

fn not_regular(metadata: &Metadata) -> Result<(), OpenError> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return Ok(());
    }
    let what = special_kind(kind).unwrap_or(if kind.is_dir() {
        "文件夹"
    } else {
        "特殊文件"
    });
    Err(OpenError::NotRegular(what))
}

#[cfg(unix)]
fn special_kind(kind: fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    Some(if kind.is_fifo() {
        "命名管道（FIFO）"
    } else if kind.is_char_device() {
        "字符设备"
    } else if kind.is_block_device() {
        "块设备"
    } else if kind.is_socket() {
        "套接字"
    } else {
        return None;
    })
}

#[cfg(not(unix))]
fn special_kind(_: fs::FileType) -> Option<&'static str> {
    None
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

/// A path as output shows it: in the platform's separators, so that on
/// Windows `年报/甲局.txt` given on the command line (and the `\` the walk
/// adds) print as `年报\甲局.txt`.
pub fn display_path(path: &Path) -> String {
    with_separators(&path.to_string_lossy(), std::path::MAIN_SEPARATOR)
}

fn with_separators(path: &str, separator: char) -> String {
    if separator == '\\' {
        path.replace('/', "\\")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_in_the_platform_separators() {
        assert_eq!(
            with_separators("年报/win\\甲局.txt", '\\'),
            "年报\\win\\甲局.txt"
        );
        assert_eq!(with_separators("年报/甲局.txt", '/'), "年报/甲局.txt");
        assert_eq!(
            display_path(Path::new("a/b.txt")),
            format!("a{}b.txt", std::path::MAIN_SEPARATOR)
        );
    }

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
