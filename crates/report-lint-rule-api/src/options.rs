//! The options of rules as a configuration gives them (`[rules.CODE]` of
//! `report-lint.toml`), already checked against what each rule declares
//! (`RuleMeta::options`).

use serde::Serialize;
use std::collections::BTreeMap;

/// A value of a rule option in `[rules.CODE]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Int(i64),
    Str(String),
    List(Vec<String>),
}

/// Options of every rule, keyed by rule code.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RuleOptions {
    pub by_rule: BTreeMap<String, BTreeMap<String, OptionValue>>,
}

impl RuleOptions {
    pub fn get(&self, code: &str, key: &str) -> Option<&OptionValue> {
        self.by_rule.get(code)?.get(key)
    }

    pub fn str(&self, code: &str, key: &str) -> Option<&str> {
        match self.get(code, key)? {
            OptionValue::Str(s) => Some(s),
            _ => None,
        }
    }
}
