//! One file per rule.

mod fee_amount_not_stated;
mod proposals_not_reported;
mod work_points_not_reported;
