//! Pieces the console's pages share.

pub mod colour_word;
pub mod count_bar;
