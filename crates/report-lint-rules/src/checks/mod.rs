//! The built-in checks, one file per rule; the file name is the rule's name.
//! Shared arithmetic lives in `table3` and `percent`.

mod percent;
mod table3;

mod balance_identity_mismatch;
mod blank_cell;
mod duplicate_section;
mod invalid_cell_value;
mod misspelled_section_heading;
mod missing_section;
mod percentage_mismatch;
mod percentage_truncated;
mod results_total_mismatch;
mod review_total_mismatch;
mod row_total_mismatch;
mod section_out_of_order;
mod section_table_missing;
mod sub_row_numbering;
mod table_unreadable;
