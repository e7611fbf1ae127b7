//! The built-in checks, one file per rule. The file name is the rule's name.

mod table3;

mod row_total_mismatch;
