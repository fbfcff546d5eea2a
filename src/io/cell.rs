//! Spreadsheet safety of CSV cells (README: Names are data, never code): a value a spreadsheet would take for a
//! formula (one beginning with `=`, `+`, `-`, `@`, TAB or CR) is written with a leading `'`,
//! and that `'` is removed again on reading, so every file the tool writes reads back to
//! the same values. Every CSV writer goes through [`write_record`], every reader through
//! [`unprotect`].

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether `value` is written with a leading `'`: it begins with a formula character, or
/// with `'` followed by a value that needs one (so a value that already begins with the
/// protecting `'` keeps it after a round trip).
fn needs_quote(value: &str) -> bool {
    let rest = value.trim_start_matches('\'');
    rest.starts_with(FORMULA_START)
}

/// The cell as written: `value`, with a leading `'` when a spreadsheet would take it for a
/// formula.
pub fn protect(value: &str) -> Cow<'_, str> {
    if needs_quote(value) {
        Cow::Owned(format!("'{value}"))
    } else {
        Cow::Borrowed(value)
    }
}

/// The value of a cell as read: the cell without the `'` that [`protect`] adds.
pub fn unprotect(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

/// Writes one record with every field protected.
pub fn write_record<W: std::io::Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    fields: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    w.write_record(fields.into_iter().map(|f| protect(f.as_ref()).into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_get_a_quote() {
        for v in [
            "=HYPERLINK(\"x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(protect(v), format!("'{v}"), "{v:?}");
        }
        for v in ["Ann", "", "1", "a=b", " x", "'hello", "'"] {
            assert_eq!(protect(v), v, "{v:?}");
        }
    }

    #[test]
    fn quoted_cells_read_back() {
        assert_eq!(unprotect("'=1+1"), "=1+1");
        assert_eq!(unprotect("'-2"), "-2");
        assert_eq!(unprotect("'\tx"), "\tx");
        assert_eq!(unprotect("'hello"), "'hello");
        assert_eq!(unprotect("'"), "'");
        assert_eq!(unprotect("=raw"), "=raw");
    }

    #[test]
    fn every_value_round_trips() {
        for v in [
            "=x", "'=x", "''=x", "'x", "''", "x", "", "-", "'", "@", "'\r", "+'=",
        ] {
            assert_eq!(unprotect(&protect(v)), v, "{v:?}");
            assert!(!protect(v).starts_with(FORMULA_START), "{v:?}");
        }
    }
}
