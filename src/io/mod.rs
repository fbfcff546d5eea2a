//! Files: CSV tables, the groups/history format, safe writes and the history lock.

pub mod atomic;
pub mod cell;
pub mod groups;
pub mod lock;
pub mod table;
