//! `report-lint web -o 年报检查.html`: writes the checker page embedded at
//! build time (see build.rs), one HTML file staff open by double-click.

use crate::args::WebArgs;
use crate::console::Console;
use crate::write::write_bytes_atomically;
use std::io;
use std::path::Path;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/web_page.rs"));
}

const NOT_BUILT: &str = "错误：这个 report-lint 构建时没有包含网页检查工具。\
请在仓库根目录运行 editors/web/build.sh 生成网页（editors/web/dist/年报检查.html），\
再重新构建 report-lint（cargo build --release -p report-lint-cli）";

pub fn web(args: &WebArgs, console: &mut Console) -> io::Result<i32> {
    write_page(embedded::PAGE, &args.output, console)
}

fn write_page(page: Option<&[u8]>, output: &Path, console: &mut Console) -> io::Result<i32> {
    let Some(page) = page else {
        writeln!(console.stderr, "{NOT_BUILT}")?;
        return Ok(2);
    };
    if output == Path::new("-") {
        console.stdout.write_all(page)?;
        return Ok(0);
    }
    match write_bytes_atomically(output, page, None) {
        Ok(()) => {
            writeln!(
                console.stderr,
                "已写入 {}：用浏览器打开即可检查报告（文件只在本机检查，不会上传）",
                output.display()
            )?;
            Ok(0)
        }
        Err(message) => {
            writeln!(console.stderr, "错误：{}：{message}", output.display())?;
            Ok(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::Terminal;

    fn run(page: Option<&[u8]>, output: &Path) -> (i32, String) {
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let mut console = Console {
            stdin: &mut io::empty(),
            stdout: &mut stdout,
            stderr: &mut stderr,
            terminal: Terminal::default(),
        };
        let code = write_page(page, output, &mut console).unwrap();
        (code, String::from_utf8(stderr).unwrap())
    }

    #[test]
    fn writes_the_embedded_page() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("年报检查.html");
        let (code, said) = run(Some(b"<!DOCTYPE html>page"), &out);
        assert_eq!(code, 0, "{said}");
        assert_eq!(std::fs::read(&out).unwrap(), b"<!DOCTYPE html>page");
        assert!(said.starts_with("已写入"));
    }

    #[test]
    fn without_a_page_says_how_to_build_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("年报检查.html");
        let (code, said) = run(None, &out);
        assert_eq!(code, 2);
        assert!(said.contains("editors/web/build.sh"), "{said}");
        assert!(!out.exists());
    }
}
