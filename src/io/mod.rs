//! Files: CSV tables, the groups/history format, atomic writes.

pub mod atomic;
pub mod cell;
pub mod groups;
pub mod table;
