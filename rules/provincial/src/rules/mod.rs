//! One file per rule.

mod backlog_too_large;
