//! Files: CSV tables, the groups/history format, atomic writes.

pub mod atomic;
pub mod groups;
pub mod table;
