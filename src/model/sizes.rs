//! How many groups, and how large.

/// Group counts `g` for which `n` ordinary members fit in groups of `min..=max`.
pub fn fits(n: usize, g: usize, min: usize, max: usize) -> bool {
    g > 0 && g * min <= n && n <= g * max
}

/// The feasible group count nearest `n / target` (ties: fewer groups), if any.
pub fn choose_count(n: usize, min: usize, max: usize, target: usize) -> Option<usize> {
    (1..=n.max(1))
        .filter(|&g| fits(n, g, min, max))
        .min_by_key(|&g| {
            // |n/target - g| compared exactly as |n - g*target|.
            ((n as i128 - (g * target) as i128).unsigned_abs(), g)
        })
}

/// Size bounds (ordinary members) of each group: `[min, max]`, narrowed to
/// `[floor(n/g), ceil(n/g)]` with even sizes.
pub fn bounds(n: usize, g: usize, min: usize, max: usize, even: bool) -> (usize, usize) {
    if even && g > 0 {
        (min.max(n / g), max.min(n.div_ceil(g)))
    } else {
        (min, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_count() {
        // 147 members, target 9: 16.33 groups -> 16.
        assert_eq!(choose_count(147, 8, 10, 9), Some(16));
        // 10 members in groups of 2..6, target 5: 2 groups.
        assert_eq!(choose_count(10, 2, 6, 5), Some(2));
        // 11 members, 6..10: 2 groups of 5.5 impossible? 2*6=12>11, 1*10<11 -> none.
        assert_eq!(choose_count(11, 6, 10, 8), None);
        // tie between 1 and 2 groups (n=6,target=4: 1.5): fewer.
        assert_eq!(choose_count(6, 3, 6, 4), Some(1));
    }

    #[test]
    fn even_bounds() {
        assert_eq!(bounds(147, 16, 8, 10, true), (9, 10));
        assert_eq!(bounds(147, 16, 8, 10, false), (8, 10));
    }
}
