//! The console's pages, one per file.

pub mod appeal;
pub mod appeals;
pub mod audit;
pub mod completion;
pub mod grants;
pub mod home;
pub mod login;
pub mod resident;
pub mod residents;
pub mod rules;
pub mod stats;
