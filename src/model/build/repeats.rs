//! Past pairs within the lookback, with their ages, for the repeats term and `forbid_within`.

use crate::config::Settings;
use crate::model::coverage::{pair_ages, PairAges};
use crate::model::history::Cycle;
use crate::model::problem::Repeats;
use crate::text::plural;
use std::collections::HashMap;

/// The pairs that met in the history, by member index.
pub(super) fn past_pairs(
    s: &Settings,
    history: &[Cycle],
    index: &HashMap<&str, usize>,
    excluded: &[String],
    notes: &mut Vec<String>,
) -> Repeats {
    let n = index.len();
    let lookback = s.repeats.lookback.map_or(history.len(), |l| l as usize);
    let start = history.len().saturating_sub(lookback);
    let PairAges { age, left } = pair_ages(&history[start..], index, excluded);
    if !left.is_empty() {
        notes.push(format!(
            "{} in the history {} no longer in the roster; their past pairs are ignored",
            plural(left.len(), "person", "people"),
            if left.len() == 1 { "is" } else { "are" }
        ));
    }
    let mut met = vec![Vec::new(); n];
    for (&(i, j), &a) in &age {
        met[i as usize].push((j, a));
        met[j as usize].push((i, a));
    }
    for m in &mut met {
        m.sort_unstable();
    }
    Repeats {
        weight: s.repeats.weight,
        decay: s.repeats.decay,
        forbid_within: s.repeats.forbid_within,
        age,
        met,
    }
}
