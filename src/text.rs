//! Small helpers for the words of messages.

/// "1 group", "2 groups": the count with the right form of the noun.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_many() {
        assert_eq!(plural(1, "group", "groups"), "1 group");
        assert_eq!(plural(0, "group", "groups"), "0 groups");
        assert_eq!(plural(2, "person", "people"), "2 people");
    }
}
