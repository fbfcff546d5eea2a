//! The search's per-member sums of the pair terms over each group: for member `i` and group
//! `g`, the soft pair cost of `i` with the members of `g` and how many of them `i` may not
//! meet. Small problems keep them in two n × groups tables; large ones (100,000 members in
//! 14,000 groups would take 11 GB) keep, per member, only the groups holding one of its
//! partners, which the repeats of a few cycles make a handful.

/// Most n × groups cells kept as tables (about 240 MB); beyond, the sums are sparse.
pub const MAX_DENSE_CELLS: usize = 20_000_000;

/// Pair sums of each (member, group).
#[derive(Debug, Clone)]
pub enum PairSums {
    /// `cost[i·G + g]` and `forbidden[i·G + g]` for every member and group.
    Dense {
        /// Number of groups G.
        groups: usize,
        /// Soft pair cost of member i with group g.
        cost: Vec<f64>,
        /// Members of group g that i may not meet.
        forbidden: Vec<u32>,
    },
    /// Per member, (group, cost, forbidden) for the groups with a non-zero entry, in no
    /// particular order. An entry back at exactly zero is dropped, and a missing one reads
    /// as zero: the table would hold that same zero, so both give the same sums.
    Sparse(Vec<Vec<(u32, f64, u32)>>),
    /// Nothing is kept: the search sums each (member, group) over the group's members when
    /// asked. For large rosters with a diversity term, where every member is a partner of
    /// every other, keeping the sums costs a pass over the whole roster per move, while a
    /// group has only a few members. [`PairSums`]' methods read zero and do nothing here.
    Direct,
}

impl PairSums {
    /// Zero sums for `n` members and `groups` groups: tables up to [`MAX_DENSE_CELLS`].
    pub fn new(n: usize, groups: usize) -> Self {
        Self::with_layout(n, groups, n.saturating_mul(groups) > MAX_DENSE_CELLS)
    }

    /// Zero sums, sparse when `sparse`.
    pub fn with_layout(n: usize, groups: usize, sparse: bool) -> Self {
        if sparse {
            PairSums::Sparse(vec![Vec::new(); n])
        } else {
            PairSums::Dense {
                groups,
                cost: vec![0.0; n * groups],
                forbidden: vec![0; n * groups],
            }
        }
    }

    /// (forbidden count, soft cost) of member `i` with group `g`.
    #[inline]
    pub fn get(&self, i: usize, g: usize) -> (u32, f64) {
        match self {
            PairSums::Dense {
                groups,
                cost,
                forbidden,
            } => {
                let k = i * groups + g;
                (forbidden[k], cost[k])
            }
            PairSums::Sparse(rows) => rows[i]
                .iter()
                .find(|e| e.0 as usize == g)
                .map_or((0, 0.0), |e| (e.2, e.1)),
            PairSums::Direct => (0, 0.0),
        }
    }

    /// Adds one partner of member `i` to group `g`: its cost and whether it is forbidden.
    #[inline]
    pub fn add(&mut self, i: usize, g: usize, c: f64, f: bool) {
        self.shift(i, g, c, u32::from(f), true);
    }

    /// Takes one partner of member `i` out of group `g` (the reverse of [`PairSums::add`]).
    #[inline]
    pub fn remove(&mut self, i: usize, g: usize, c: f64, f: bool) {
        self.shift(i, g, -c, u32::from(f), false);
    }

    /// Adds `c` to the cost of member `i` in group `g`, and adds (or, when not `adding`,
    /// takes away) `f` forbidden partners.
    #[inline]
    fn shift(&mut self, i: usize, g: usize, c: f64, f: u32, adding: bool) {
        let count = |n: &mut u32| {
            if adding {
                *n += f;
            } else {
                *n -= f;
            }
        };
        match self {
            PairSums::Dense {
                groups,
                cost,
                forbidden,
            } => {
                let k = i * *groups + g;
                cost[k] += c;
                count(&mut forbidden[k]);
            }
            PairSums::Sparse(rows) => {
                let row = &mut rows[i];
                // Missing means zero (costs that cancelled): a forbidden partner keeps
                // its entry, so only a soft cost can be taken from a missing one.
                match row.iter().position(|e| e.0 as usize == g) {
                    Some(k) => {
                        row[k].1 += c;
                        count(&mut row[k].2);
                        if row[k].1 == 0.0 && row[k].2 == 0 {
                            row.swap_remove(k);
                        }
                    }
                    None => row.push((g as u32, 0.0 + c, if adding { f } else { 0 })),
                }
            }
            PairSums::Direct => {}
        }
    }

    /// Sets every sum to zero.
    pub fn clear(&mut self) {
        match self {
            PairSums::Dense {
                cost, forbidden, ..
            } => {
                cost.iter_mut().for_each(|x| *x = 0.0);
                forbidden.iter_mut().for_each(|x| *x = 0);
            }
            PairSums::Sparse(rows) => rows.iter_mut().for_each(Vec::clear),
            PairSums::Direct => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Random additions and removals leave the sparse sums equal, bit for bit, to the
    /// tables, including entries that return to zero.
    #[test]
    fn sparse_sums_equal_the_tables() {
        let (n, groups) = (30, 7);
        let mut dense = PairSums::with_layout(n, groups, false);
        let mut sparse = PairSums::with_layout(n, groups, true);
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let mut added: Vec<(usize, usize, f64, bool)> = Vec::new();
        for _ in 0..5_000 {
            if !added.is_empty() && rng.gen_bool(0.45) {
                let (i, g, c, f) = added.swap_remove(rng.gen_range(0..added.len()));
                dense.remove(i, g, c, f);
                sparse.remove(i, g, c, f);
            } else {
                let c = [0.0, 10.0, -0.3, 0.1, 2.5][rng.gen_range(0..5)];
                let e = (
                    rng.gen_range(0..n),
                    rng.gen_range(0..groups),
                    c,
                    rng.gen_bool(0.2),
                );
                dense.add(e.0, e.1, e.2, e.3);
                sparse.add(e.0, e.1, e.2, e.3);
                added.push(e);
            }
            for i in 0..n {
                for g in 0..groups {
                    let (a, b) = (dense.get(i, g), sparse.get(i, g));
                    assert_eq!(a.0, b.0);
                    assert!(a.1 == b.1, "member {i} group {g}: {} vs {}", a.1, b.1);
                }
            }
        }
        dense.clear();
        sparse.clear();
        assert_eq!(sparse.get(3, 2), (0, 0.0));
    }

    /// Past the cell limit the sums are sparse; below it they are tables.
    #[test]
    fn layout_follows_the_cell_limit() {
        assert!(matches!(PairSums::new(100, 10), PairSums::Dense { .. }));
        assert!(matches!(
            PairSums::new(100_000, 14_286),
            PairSums::Sparse(_)
        ));
    }
}
