//! Pieces the console's pages share.

pub mod colour_word;
pub mod count_bar;
pub mod division_form;
pub mod division_reports;
