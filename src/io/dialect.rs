//! How a CSV file is written (README: Spreadsheets): its delimiter, whether it starts with a UTF-8 BOM,
//! and its line ending. The roster's dialect is read with it and followed by the files the
//! tool writes, unless `--csv-dialect` chooses another; lines are counted the way a text
//! editor counts them, whatever the line endings.

/// A line ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n` (Unix, and most CSV writers).
    Lf,
    /// `\r\n` (Windows, and Excel's CSV export).
    Crlf,
    /// `\r` alone (old Mac spreadsheets).
    Cr,
}

impl LineEnding {
    /// The bytes of this line ending.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            LineEnding::Lf => b"\n",
            LineEnding::Crlf => b"\r\n",
            LineEnding::Cr => b"\r",
        }
    }

    /// The csv crate's terminator for this line ending.
    pub fn terminator(self) -> csv::Terminator {
        match self {
            LineEnding::Lf => csv::Terminator::Any(b'\n'),
            LineEnding::Crlf => csv::Terminator::CRLF,
            LineEnding::Cr => csv::Terminator::Any(b'\r'),
        }
    }
}

/// Delimiter, BOM and line ending of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// `,`, `;` or TAB.
    pub delimiter: u8,
    /// Whether the file starts with a UTF-8 byte order mark.
    pub bom: bool,
    /// The line ending.
    pub line_ending: LineEnding,
}

impl Default for Dialect {
    /// Comma-separated, no BOM, `\n`: what the tool writes when nothing says otherwise.
    fn default() -> Self {
        Dialect {
            delimiter: b',',
            bom: false,
            line_ending: LineEnding::Lf,
        }
    }
}

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

impl Dialect {
    /// The dialect of a file's text (`text` with its BOM, if any): the delimiter is detected
    /// from the header line, the line ending is the first one in the file (`\n` when there
    /// is none).
    pub fn of(text: &str) -> Dialect {
        let bom = text.starts_with(BOM);
        let text = text.strip_prefix(BOM).unwrap_or(text);
        let line_ending = match text.find(['\r', '\n']) {
            Some(k) if text[k..].starts_with("\r\n") => LineEnding::Crlf,
            Some(k) if text[k..].starts_with('\r') => LineEnding::Cr,
            _ => LineEnding::Lf,
        };
        Dialect {
            delimiter: detect_delimiter(first_line(text)),
            bom,
            line_ending,
        }
    }

    /// The dialect the tool writes new CSV files in: `choice` when given, else the roster's
    /// own (`roster`; `None` when the roster is a workbook, which writes the default).
    pub fn for_output(choice: Option<CsvDialect>, roster: Option<Dialect>) -> Dialect {
        let plain = |delimiter| Dialect {
            delimiter,
            ..Dialect::default()
        };
        match choice {
            None => roster.unwrap_or_default(),
            Some(CsvDialect::Comma) => plain(b','),
            Some(CsvDialect::Semicolon) => plain(b';'),
            Some(CsvDialect::Tab) => plain(b'\t'),
            Some(CsvDialect::Excel) => Dialect {
                delimiter: roster.unwrap_or_default().delimiter,
                bom: true,
                line_ending: LineEnding::Crlf,
            },
        }
    }

    /// A csv writer in this dialect over `out` (the BOM, when there is one, is written to
    /// `out` first by the caller through [`Dialect::start`]).
    pub fn writer(&self, out: Vec<u8>) -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new()
            .delimiter(self.delimiter)
            .terminator(self.line_ending.terminator())
            .from_writer(out)
    }

    /// The bytes a new file in this dialect starts with: the BOM, or nothing.
    pub fn start(&self) -> Vec<u8> {
        if self.bom {
            BOM.as_bytes().to_vec()
        } else {
            Vec::new()
        }
    }
}

/// The `--csv-dialect` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvDialect {
    /// `,` separated, no BOM, LF line endings
    Comma,
    /// `;` separated, no BOM, LF line endings
    Semicolon,
    /// TAB separated, no BOM, LF line endings
    Tab,
    /// The roster's delimiter with a UTF-8 BOM and CRLF line endings, as Excel writes CSV
    Excel,
}

/// The first line of `text`, without its line ending (any of `\r\n`, `\n`, `\r`).
pub fn first_line(text: &str) -> &str {
    text.split(['\r', '\n']).next().unwrap_or("")
}

/// The delimiter among `,` `;` and TAB that occurs most often in the header line (`,` on ties).
pub fn detect_delimiter(header_line: &str) -> u8 {
    let count = |c: char| header_line.matches(c).count();
    let mut best = (b',', count(','));
    for (d, c) in [(b';', count(';')), (b'\t', count('\t'))] {
        if c > best.1 {
            best = (d, c);
        }
    }
    best.0
}

/// Where each line of `bytes` starts, as a text editor counts lines: `\r\n`, `\n` and a
/// lone `\r` each end one line. Entry `k` is the byte offset of line `k + 1`.
pub fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut k = 0;
    while k < bytes.len() {
        match bytes[k] {
            b'\r' if bytes.get(k + 1) == Some(&b'\n') => {
                k += 2;
                starts.push(k);
            }
            b'\r' | b'\n' => {
                k += 1;
                starts.push(k);
            }
            _ => k += 1,
        }
    }
    starts
}

/// The 1-based line holding byte `offset`, given the [`line_starts`] of its file.
pub fn line_of(starts: &[usize], offset: usize) -> u64 {
    starts.partition_point(|&s| s <= offset) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_like_an_editor() {
        for text in ["a\nb\n\nc", "a\r\nb\r\n\r\nc", "a\rb\r\rc"] {
            let starts = line_starts(text.as_bytes());
            assert_eq!(starts.len(), 4, "{text:?}");
            let c = text.find('c').unwrap();
            assert_eq!(line_of(&starts, c), 4, "{text:?}");
            assert_eq!(line_of(&starts, 0), 1, "{text:?}");
            let b = text.find('b').unwrap();
            assert_eq!(line_of(&starts, b), 2, "{text:?}");
        }
    }

    #[test]
    fn dialect_of_a_file() {
        let d = Dialect::of("\u{feff}a;b\r\n1;2\r\n");
        assert_eq!(
            d,
            Dialect {
                delimiter: b';',
                bom: true,
                line_ending: LineEnding::Crlf
            }
        );
        assert_eq!(Dialect::of("a\tb\rx\ty").line_ending, LineEnding::Cr);
        assert_eq!(Dialect::of("a,b"), Dialect::default());
    }

    #[test]
    fn excel_keeps_the_delimiter() {
        let roster = Dialect::of("a;b\n");
        let d = Dialect::for_output(Some(CsvDialect::Excel), Some(roster));
        assert_eq!((d.delimiter, d.bom), (b';', true));
        assert_eq!(d.line_ending, LineEnding::Crlf);
        assert_eq!(Dialect::for_output(None, Some(roster)), roster);
        let t = Dialect::for_output(Some(CsvDialect::Tab), Some(roster));
        assert_eq!((t.delimiter, t.bom), (b'\t', false));
    }
}
