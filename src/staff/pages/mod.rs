//! The console's pages, one per file.

pub mod completion;
pub mod home;
pub mod login;
pub mod resident;
pub mod residents;
pub mod stats;
