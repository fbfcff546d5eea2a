//! Small helpers for the words of messages.

/// `a`, `a and b`, `a, b and c`.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// A value as shown to people: `(blank)` for an empty one.
pub fn shown(value: &str) -> &str {
    if value.is_empty() {
        "(blank)"
    } else {
        value
    }
}

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
