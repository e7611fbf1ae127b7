//! The built-in checks, one file per rule; the file name is the rule's name.
//! Shared arithmetic lives in `table3` and `percent`.

mod percent;
mod table3;

mod all_handled_but_carried_forward;
mod balance_identity_mismatch;
mod blank_cell;
mod duplicate_section;
mod invalid_cell_value;
mod itemised_sum_mismatch;
mod late_publication;
mod missing_section;
mod misspelled_section_heading;
mod mixed_template;
mod outdated_format_citation;
mod percentage_mismatch;
mod percentage_truncated;
mod prose_count_mismatch;
mod prose_refs;
mod results_total_mismatch;
mod review_total_mismatch;
mod row_total_mismatch;
mod section_out_of_order;
mod section_table_missing;
mod statistics_period_mismatch;
mod statistics_period_missing;
mod sub_row_numbering;
mod table_unreadable;
mod template_year_mismatch;
