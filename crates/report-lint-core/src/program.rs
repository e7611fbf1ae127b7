//! The name of the program the user runs, for hints that name a command
//! ("运行 report-lint rule 查看全部规则"): a province's own build with its rule
//! pack is `my-report-lint`, and a hint naming `report-lint` would send its
//! users to a program without their rules, or to none at all.

use std::sync::OnceLock;

static NAME: OnceLock<String> = OnceLock::new();

/// The default, and the name wherever no program was started by a user
/// (the web page, a library's tests).
pub const DEFAULT: &str = "report-lint";

/// Sets the name from the program's first argument (its path): the file
/// name without its extension (`my-report-lint.exe` → `my-report-lint`).
/// The first call wins; the command line's entry point calls it once.
pub fn set_from_argv0(argv0: Option<&std::ffi::OsStr>) {
    let name = argv0
        .map(std::path::Path::new)
        .and_then(|p| p.file_stem())
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or(DEFAULT);
    let _ = NAME.set(name.to_string());
}

/// The program's name, `report-lint` unless the entry point set another.
pub fn name() -> &'static str {
    NAME.get().map_or(DEFAULT, String::as_str)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_name_is_the_file_stem_of_argv0() {
        // One process, one name: the first call wins.
        assert_eq!(super::name(), super::DEFAULT);
        super::set_from_argv0(Some(std::ffi::OsStr::new("/opt/bin/my-report-lint.exe")));
        super::set_from_argv0(Some(std::ffi::OsStr::new("other")));
        assert_eq!(super::name(), "my-report-lint");
    }
}
