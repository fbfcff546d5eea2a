//! Files: CSV tables and workbooks, the groups/history format, safe writes and the history
//! lock.

pub mod atomic;
pub mod cell;
pub mod dialect;
pub mod groups;
pub mod lock;
pub mod table;
pub mod workbook;
pub mod xlsx;
