//! The value a search minimises: broken hard rules first, then the score.

/// Comparisons within this are ties.
pub const EPS: f64 = 1e-9;

/// A (penalty, cost) pair: penalties for broken rules first, then the score.
pub type Value = (f64, f64);

/// Whether `a` is better than `b`: a lower penalty, or the same penalty and a lower cost.
pub fn better(a: Value, b: Value) -> bool {
    a.0 < b.0 - EPS || (a.0 <= b.0 + EPS && a.1 < b.1 - EPS)
}

/// `a + b`, component-wise.
pub fn add(a: Value, b: Value) -> Value {
    (a.0 + b.0, a.1 + b.1)
}

/// `a − b`, component-wise.
pub fn sub(a: Value, b: Value) -> Value {
    (a.0 - b.0, a.1 - b.1)
}
