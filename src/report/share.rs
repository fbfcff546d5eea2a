//! The list meant for members (`assign`/`rotate --share FILE`): per group its label, the
//! members' names with the config's `share_columns`, the facilitators, and for each set
//! `[[similar]]` column the element the group shares (its meeting slot). Nothing else: no
//! score, no solver line, no attribute that is not listed. Rendered as Markdown
//! ([`super::markdown::share`]), plain text ([`super::text::share`]) or an HTML table that
//! pastes into an e-mail ([`super::html::share`]).

use anyhow::{bail, Result};
use std::path::Path;

/// A person on the list: the name, then one value per shared column.
#[derive(Debug, Clone, PartialEq)]
pub struct SharePerson {
    /// Name.
    pub name: String,
    /// Values of the shared columns, in [`ShareView::columns`] order (empty when unknown).
    pub details: Vec<String>,
}

/// What a group's members share on one set column: the element most of them have.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedElement {
    /// The set column, as the config names it (e.g. `meeting_slots`).
    pub column: String,
    /// The element, e.g. `Mon-AM`; none when no two members share one.
    pub element: Option<String>,
    /// How many members have it.
    pub count: usize,
    /// Members of the group.
    pub of: usize,
}

/// One group on the list.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareGroup {
    /// Label.
    pub name: String,
    /// Members in roster order.
    pub members: Vec<SharePerson>,
    /// Facilitators.
    pub facilitators: Vec<SharePerson>,
    /// One entry per set `[[similar]]` column.
    pub shared: Vec<SharedElement>,
}

/// The whole list.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareView {
    /// Cycle label.
    pub cycle: String,
    /// The shared columns (`share_columns`, as the roster's header writes them).
    pub columns: Vec<String>,
    /// The groups.
    pub groups: Vec<ShareGroup>,
}

/// The formats of the list, chosen by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareFormat {
    /// `.md`, and `-` (standard output).
    Markdown,
    /// `.txt`.
    Text,
    /// `.html`.
    Html,
}

impl ShareFormat {
    /// The format of `path`: by extension, `-` is Markdown; any other extension is refused.
    pub fn of(path: &Path) -> Result<Self> {
        if crate::io::atomic::is_stdout(path) {
            return Ok(ShareFormat::Markdown);
        }
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md") => Ok(ShareFormat::Markdown),
            Some("txt") => Ok(ShareFormat::Text),
            Some("html") => Ok(ShareFormat::Html),
            _ => bail!(
                "--share '{}': the list's format is chosen by the file's extension, which must be .md, .txt or .html (or give `-` for Markdown on standard output)",
                path.display()
            ),
        }
    }

    /// The list in this format.
    pub fn render(self, v: &ShareView) -> String {
        match self {
            ShareFormat::Markdown => super::markdown::share(v),
            ShareFormat::Text => super::text::share(v),
            ShareFormat::Html => super::html::share(v),
        }
    }
}

impl SharedElement {
    /// `Mon-AM`, or `Mon-AM (5 of 6)` when not every member has it, or `none in common`.
    pub fn value(&self) -> String {
        match &self.element {
            Some(e) if self.count == self.of => e.clone(),
            Some(e) if self.count > 1 => format!("{e} ({} of {})", self.count, self.of),
            _ => "none in common".into(),
        }
    }

    /// The column as words: `meeting_slots` → `Meeting slots`.
    pub fn heading(&self) -> String {
        let words = self.column.replace('_', " ");
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => words,
        }
    }
}

/// The lines under a group's heading: each shared element, then the facilitators, e.g.
/// `Meeting slots: Mon-AM` and `Facilitator: Ann Lee (ann@example.org)`.
pub fn group_facts(g: &ShareGroup) -> Vec<String> {
    let mut facts: Vec<String> = g
        .shared
        .iter()
        .map(|s| format!("{}: {}", s.heading(), s.value()))
        .collect();
    if !g.facilitators.is_empty() {
        let names: Vec<String> = g.facilitators.iter().map(SharePerson::label).collect();
        facts.push(format!(
            "{}: {}",
            if names.len() == 1 {
                "Facilitator"
            } else {
                "Facilitators"
            },
            names.join(", ")
        ));
    }
    facts
}

impl SharePerson {
    /// The name with the non-empty details in brackets: `Ann Lee (ann@example.org)`.
    pub fn label(&self) -> String {
        let details: Vec<&str> = self
            .details
            .iter()
            .map(String::as_str)
            .filter(|d| !d.is_empty())
            .collect();
        if details.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, details.join(", "))
        }
    }
}

/// The list's title, e.g. `Groups for 2026-10`.
pub fn title(v: &ShareView) -> String {
    format!("Groups for {}", v.cycle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_extension() {
        assert_eq!(
            ShareFormat::of(Path::new("a.md")).unwrap(),
            ShareFormat::Markdown
        );
        assert_eq!(
            ShareFormat::of(Path::new("a.TXT")).unwrap(),
            ShareFormat::Text
        );
        assert_eq!(
            ShareFormat::of(Path::new("x/a.html")).unwrap(),
            ShareFormat::Html
        );
        assert_eq!(
            ShareFormat::of(Path::new("-")).unwrap(),
            ShareFormat::Markdown
        );
        let err = ShareFormat::of(Path::new("a.pdf")).unwrap_err().to_string();
        assert!(err.contains(".md, .txt or .html"), "{err}");
        assert!(ShareFormat::of(Path::new("list")).is_err());
    }

    #[test]
    fn shared_element_reads_as_words() {
        let s = |element: Option<&str>, count| SharedElement {
            column: "meeting_slots".into(),
            element: element.map(String::from),
            count,
            of: 6,
        };
        assert_eq!(s(Some("Mon-AM"), 6).value(), "Mon-AM");
        assert_eq!(s(Some("Mon-AM"), 5).value(), "Mon-AM (5 of 6)");
        assert_eq!(s(Some("Mon-AM"), 1).value(), "none in common");
        assert_eq!(s(None, 0).heading(), "Meeting slots");
    }
}
