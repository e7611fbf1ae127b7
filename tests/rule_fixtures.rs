//! Every rule in the registry has two reports in `fixtures/rules/CODE/`:
//! `fire.EXT`, which must produce at least one finding of that rule, and
//! `silent.EXT`, which must produce none (see fixtures/rules/README.md).
//! The findings of `fire` are snapshotted (`rule_fixtures__CODE.snap`).
//!
//! Accept changed findings with `INSTA_UPDATE=always cargo test -p
//! report-lint-e2e --test rule_fixtures` and review the snapshots' diff.

mod support;

use support::{field, findings_of, fixture, registry, rule_dir};

/// Rules that no report file can set off, with the reason and where they
/// are tested instead. Every other rule must have both fixtures.
const NO_FILE_FIXTURE: &[(&str, &str)] = &[(
    "X001",
    "internal-error fires only when a rule panics, whatever the report: \
     tests/panicking-pack/tests/rule_panics.rs links a rule that does",
)];

#[test]
fn every_rule_fires_on_its_fixture_and_is_silent_on_the_other() {
    let rules = registry();
    let codes: Vec<&str> = rules.iter().map(|r| field(r, "code")).collect();
    assert!(
        codes.len() >= 50,
        "only {} rules linked: {codes:?}",
        codes.len()
    );
    for (code, _) in NO_FILE_FIXTURE {
        assert!(
            codes.contains(code),
            "{code} is listed as without fixture but not linked"
        );
        assert!(
            !rule_dir(code).exists(),
            "{code} has fixtures now: remove it from NO_FILE_FIXTURE"
        );
    }

    let mut failures = Vec::new();
    let mut snapshots = Vec::new();
    for &code in &codes {
        if NO_FILE_FIXTURE.iter().any(|(c, _)| *c == code) {
            continue;
        }
        let (Some(fire), Some(silent)) = (fixture(code, "fire"), fixture(code, "silent")) else {
            failures.push(format!(
                "{code}: fixtures/rules/{code}/ needs fire.EXT and silent.EXT \
                 (write them with fixtures/rules/generate.py)"
            ));
            continue;
        };
        let fired = findings_of(code, &fire, None);
        if fired.is_empty() {
            failures.push(format!("{code}: no finding on {}", fire.path.display()));
        }
        let stray = findings_of(code, &silent, None);
        if !stray.is_empty() {
            failures.push(format!(
                "{code}: {} finding(s) on {}: {}",
                stray.len(),
                silent.path.display(),
                serde_json::to_string(&stray).unwrap_or_default()
            ));
        }
        snapshots.push((code, fired));
    }

    // A folder for a code no rule has any more would be a test of nothing.
    let mut folders: Vec<String> = std::fs::read_dir("fixtures/rules")
        .expect("fixtures/rules")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    for folder in folders.iter().filter(|f| !codes.contains(&f.as_str())) {
        failures.push(format!(
            "fixtures/rules/{folder}/: no linked rule has this code"
        ));
    }

    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (code, fired) in snapshots {
        insta::assert_json_snapshot!(code, fired);
    }
}
