//! Which configuration a document is linted with: the same
//! `report-lint.toml` discovery as the command line (the nearest file above
//! the document wins, `per-file-ignores` apply). The file is read on every
//! analysis, so an edit to it takes effect on the next lint; the server
//! re-lints open documents when the client reports the file changed.

use report_lint_rules::config_file;
use report_lint_rules::{registry, Config, Linter};
use tower_lsp_server::ls_types::Uri;

/// The configuration for the document at `uri`. A configuration file with
/// an error is reported on stderr (the client's log) and the defaults apply.
pub(crate) fn config_for(uri: &Uri) -> Config {
    let Some(path) = uri.to_file_path() else {
        return Config::default();
    };
    let Some(file) = path.parent().and_then(config_file::find) else {
        return Config::default();
    };
    let metas: Vec<_> = match registry() {
        Ok(rules) => rules.iter().map(|r| r.meta).collect(),
        Err(_) => return Config::default(),
    };
    match config_file::load(&file, &metas) {
        Ok(config) => config.for_path(&path),
        Err(e) => {
            eprintln!("report-lint: {e}（使用默认配置）");
            Config::default()
        }
    }
}

/// A linter for the document at `uri`; `None` (logged) when two linked rules
/// share a code — the server reports that once at start-up.
pub(crate) fn linter_for(uri: &Uri) -> Option<Linter> {
    Linter::new(config_for(uri))
        .map_err(|e| eprintln!("report-lint: {e}"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_configuration_file_applies() {
        let dir = std::env::temp_dir().join(format!("rl-lsp-config-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("temp dir");
        std::fs::write(dir.join("report-lint.toml"), "ignore = [\"N001\"]").expect("write");
        let uri: Uri = format!("file://{}/sub/report.txt", dir.display())
            .parse()
            .expect("uri");
        assert_eq!(config_for(&uri).ignore, ["N001"]);
        std::fs::write(dir.join("report-lint.toml"), "ignore = [\"Q999\"]").expect("write");
        assert!(
            config_for(&uri).ignore.is_empty(),
            "an invalid file falls back to the defaults"
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
