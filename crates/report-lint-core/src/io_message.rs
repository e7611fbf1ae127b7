//! Operating-system errors in Chinese. Every message about a file that
//! could not be read, written or walked goes through [`describe_io`]: the
//! people who read them do not read "Too many levels of symbolic links
//! (os error 40)". The OS's number stays in parentheses, for whoever has to
//! look it up. Here, in the crate every other depends on, so that the
//! configuration loader, the command line and the language server word
//! them alike; it does no IO itself.

use std::io::{self, ErrorKind};

/// What went wrong, in Chinese, with the OS's error number when it gave
/// one: `符号链接层数过多，可能构成循环（os error 40）`.
pub fn describe_io(err: &io::Error) -> String {
    let text = match by_number(err).or_else(|| by_kind(err.kind())) {
        Some(text) => text,
        // An error this list does not know: its own words, which carry
        // the number already.
        None => return format!("系统错误（{err}）"),
    };
    match err.raw_os_error() {
        Some(code) => format!("{text}（os error {code}）"),
        None => text.to_string(),
    }
}

/// Errors the standard library files under `Other` or `Uncategorized`, or
/// under kinds that are not stable yet (ELOOP is `FilesystemLoop`).
#[cfg(unix)]
fn by_number(err: &io::Error) -> Option<&'static str> {
    Some(match err.raw_os_error()? {
        libc::ELOOP => "符号链接层数过多，可能构成循环",
        libc::EMFILE | libc::ENFILE => "同时打开的文件过多",
        libc::EIO => "磁盘读写出错（输入/输出错误）",
        libc::ENAMETOOLONG => "文件名或路径过长",
        libc::ENXIO | libc::ENODEV => "设备不存在或未就绪",
        libc::EDQUOT => "超出磁盘配额",
        libc::ENOSPC => "磁盘空间已满",
        libc::EROFS => "所在的磁盘或文件系统是只读的",
        _ => return None,
    })
}

#[cfg(not(unix))]
fn by_number(_: &io::Error) -> Option<&'static str> {
    None
}

fn by_kind(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::NotFound => "文件不存在",
        ErrorKind::PermissionDenied => "没有访问权限",
        ErrorKind::IsADirectory => "这是一个文件夹",
        ErrorKind::NotADirectory => "路径中有一级不是文件夹",
        ErrorKind::ReadOnlyFilesystem => "所在的磁盘或文件系统是只读的",
        ErrorKind::StorageFull => "磁盘空间已满",
        ErrorKind::QuotaExceeded => "超出磁盘配额",
        ErrorKind::FileTooLarge => "文件超过了文件系统允许的大小",
        ErrorKind::InvalidData => "内容无效（例如文字不是 UTF-8 编码）",
        ErrorKind::InvalidFilename => "文件名无效或过长",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::ResourceBusy => "文件或设备正被占用",
        ErrorKind::ExecutableFileBusy => "文件正被运行中的程序占用",
        ErrorKind::TooManyLinks => "硬链接过多",
        ErrorKind::CrossesDevices => "不能跨磁盘（文件系统）移动",
        ErrorKind::StaleNetworkFileHandle => "网络磁盘上的文件已失效（被移动或删除）",
        ErrorKind::NotSeekable => "不是可以随机读取的普通文件",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::UnexpectedEof => "文件意外结束",
        ErrorKind::WriteZero => "无法再写入数据",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::WouldBlock => "暂时无法读写",
        ErrorKind::BrokenPipe => "管道已关闭（接收输出的程序已退出）",
        ErrorKind::Unsupported => "这个系统或文件系统不支持该操作",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_errors_are_chinese_and_keep_their_number() {
        let nowhere = std::fs::File::open("/nonexistent/report-lint/r.txt").unwrap_err();
        let code = nowhere.raw_os_error().unwrap();
        assert_eq!(
            describe_io(&nowhere),
            format!("文件不存在（os error {code}）")
        );
        // Made by the standard library, with no number.
        let eof = io::Error::from(ErrorKind::UnexpectedEof);
        assert_eq!(describe_io(&eof), "文件意外结束");
        let unknown = io::Error::other("boom");
        assert_eq!(describe_io(&unknown), "系统错误（boom）");
    }

    #[cfg(unix)]
    #[test]
    fn numbers_without_a_stable_kind_are_named() {
        for (code, words) in [
            (libc::ELOOP, "符号链接层数过多"),
            (libc::ENOSPC, "磁盘空间已满"),
            (libc::EROFS, "只读"),
            (libc::EACCES, "没有访问权限"),
            (libc::EISDIR, "这是一个文件夹"),
            (libc::EFBIG, "文件超过了文件系统允许的大小"),
            (libc::EMFILE, "同时打开的文件过多"),
        ] {
            let message = describe_io(&io::Error::from_raw_os_error(code));
            assert!(message.contains(words), "{code}: {message}");
            assert!(
                message.ends_with(&format!("（os error {code}）")),
                "{message}"
            );
            assert!(
                !message.is_ascii() && !message.contains("Too many"),
                "{message}"
            );
        }
    }
}
