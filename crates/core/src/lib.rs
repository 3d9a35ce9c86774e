//! The contract between the healthcode web app and server.
//!
//! Everything here compiles to `wasm32-unknown-unknown` and to the host, and does no I/O, so
//! the browser and the server run the very same validation and read the same wire types.

pub mod admin;
pub mod api;
pub mod appeal;
pub mod base45;
pub mod checkin;
pub mod colour;
pub mod country;
pub mod declaration;
pub mod division;
pub mod division_report;
pub mod error;
pub mod family;
pub mod health;
pub mod identity;
pub mod phone;
pub mod scan;
pub mod staff;
pub mod time;
pub mod token;
pub mod wire;
