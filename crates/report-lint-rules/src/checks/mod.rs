//! The built-in checks, one file per rule; the file name is the rule's name.
//! The arithmetic they share with the hover and the 核对 line lives in
//! [`crate::facts`]; what table headers should say, in `table_headers`.

pub(crate) use crate::facts::{percent, table3};
pub(crate) mod prose_refs;
mod table_headers;

mod all_handled_but_carried_forward;
pub(crate) mod balance_identity_mismatch;
mod blank_cell;
mod citation_title_number_mismatch;
mod column_header_misprint;
mod conversion_debris;
mod disclosure_rate_mismatch;
mod duplicate_section;
mod enumeration_sequence;
mod fee_not_reported;
mod growth_rate_mismatch;
mod heading_ordinal_mismatch;
mod invalid_cell_value;
mod itemised_sum_mismatch;
pub(crate) mod late_publication;
mod leftover_template_text;
mod missing_column_header;
mod missing_section;
mod missing_table_row;
mod misspelled_section_heading;
mod mixed_template;
mod mojibake;
mod outdated_format_citation;
mod percentage_mismatch;
mod percentage_shares_sum_mismatch;
mod percentage_truncated;
mod proactive_cell_invalid;
mod proactive_row_label_misprint;
mod problems_section_empty;
mod prose_count_mismatch;
pub(crate) mod report_predates_template;
pub(crate) mod results_total_mismatch;
pub(crate) mod review_total_mismatch;
mod row_label_misprint;
pub(crate) mod row_total_mismatch;
mod section_out_of_order;
mod section_table_missing;
mod site_chrome;
mod statistics_period_mismatch;
mod statistics_period_missing;
mod stray_year;
mod sub_row_numbering;
mod subheading_numbered_as_part;
mod table_unreadable;
mod template_year_mismatch;
pub(crate) mod text_not_extractable;
mod unbalanced_quotes;
