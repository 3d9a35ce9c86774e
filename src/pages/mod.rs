//! One page per file; each is a route of [`crate::App`].

pub mod home;
pub mod not_found;
