//! What `adjust` shows: the moves, the score before and after, and the adjusted groups,
//! with the parts every format words alike. Each format's file renders it.

use super::{score_line, FacilitationView, GroupView, ScoreView, SolverView};
use crate::model::adjust::Move;
use crate::model::problem::Problem;
use crate::text::plural;
use serde::Serialize;
use std::collections::HashMap;

/// One member whose group changed.
#[derive(Debug, Clone, Serialize)]
pub struct MoveView {
    /// Member id.
    pub id: String,
    /// Name (the id for someone no longer on the roster).
    pub name: String,
    /// Role (empty for ordinary members).
    pub role: String,
    /// Group before; `null` for a joiner.
    pub from: Option<String>,
    /// Group after; `null` for a leaver.
    pub to: Option<String>,
    /// `joined`, `left`, `moved`, `requested` (by `--move`) or `merged` (by `--merge`).
    pub change: &'static str,
}

/// The score before and after.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreChange {
    /// Of the cycle as the file has it (what `check` prints for it).
    pub before: ScoreView,
    /// Of the adjusted cycle.
    pub after: ScoreView,
}

/// How many members are away from their group, and whether that is proven fewest.
#[derive(Debug, Clone, Serialize)]
pub struct FewestMoves {
    /// Members away from their group (requested moves included).
    pub moves_count: usize,
    /// No assignment keeping every hard rule has fewer (`null`: no bound known).
    pub bound_count: Option<usize>,
    /// `moves_count` is proven the fewest.
    pub proven: bool,
}

impl FewestMoves {
    /// From the move count and its bound.
    pub fn new(moves: usize, bound: Option<usize>) -> Self {
        FewestMoves {
            moves_count: moves,
            bound_count: bound,
            proven: bound.is_some_and(|b| b >= moves),
        }
    }

    /// `Moves: 9 away from their group, proven fewest`.
    pub fn line(&self) -> String {
        let how = match self.bound_count {
            _ if self.proven => "proven fewest under the hard rules".to_string(),
            Some(b) => format!("at least {b} needed"),
            None => "not proven fewest".to_string(),
        };
        format!(
            "Moves: {} away from their group, {how}",
            plural(self.moves_count, "member", "members")
        )
    }
}

/// Output of `adjust`.
#[derive(Debug, Clone, Serialize)]
pub struct AdjustView {
    /// Cycle label (kept).
    pub cycle: String,
    /// Members in the cycle before and after whose group changed.
    pub moved: usize,
    /// Members placed who were not in the cycle.
    pub joined: usize,
    /// Members of the cycle who left it.
    pub left: usize,
    /// Every change, members who moved and leavers in file order, then joiners.
    pub moves: Vec<MoveView>,
    /// Score before and after.
    pub score: ScoreChange,
    /// The adjusted groups.
    pub groups: Vec<GroupView>,
    /// Solver.
    pub solver: SolverView,
    /// Members away from their group, and the proof.
    pub fewest_moves: FewestMoves,
    /// Facilitator placements, when a pool is configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facilitation: Option<FacilitationView>,
}

impl AdjustView {
    /// The view, with the counts taken from `moves`.
    pub fn new(
        cycle: String,
        moves: Vec<MoveView>,
        score: ScoreChange,
        groups: Vec<GroupView>,
        solver: SolverView,
        fewest_moves: FewestMoves,
        facilitation: Option<FacilitationView>,
    ) -> Self {
        let count = |c: &str| moves.iter().filter(|m| m.change == c).count();
        let (joined, left) = (count("joined"), count("left"));
        AdjustView {
            cycle,
            moved: moves.len() - joined - left,
            joined,
            left,
            moves,
            score,
            groups,
            solver,
            fewest_moves,
            facilitation,
        }
    }
}

/// Moves for output; names and roles come from `p` (the roster before the change), names of
/// people it lacks from `names` (or their id).
pub fn move_views(p: &Problem, names: &HashMap<String, String>, moves: &[Move]) -> Vec<MoveView> {
    moves
        .iter()
        .map(|m| {
            let (name, role) = match p.index_of(&m.id) {
                Some(i) => (p.members[i].name.clone(), p.members[i].role.clone()),
                None => (names.get(&m.id).unwrap_or(&m.id).clone(), String::new()),
            };
            MoveView {
                id: m.id.clone(),
                name,
                role,
                from: m.from.clone(),
                to: m.to.clone(),
                change: m.kind.name(),
            }
        })
        .collect()
}

/// A group label, or `—` where there is none (a joiner's "from", a leaver's "to").
pub(super) fn label(g: &Option<String>) -> String {
    g.clone().unwrap_or_else(|| "—".into())
}

/// One line: how many moved, joined and left.
pub(super) fn summary(v: &AdjustView) -> String {
    let mut more = Vec::new();
    if v.joined > 0 {
        more.push(format!("{} joined", v.joined));
    }
    if v.left > 0 {
        more.push(format!("{} left", v.left));
    }
    let more = if more.is_empty() {
        String::new()
    } else {
        format!(" ({})", more.join(", "))
    };
    format!("{} moved{more}", plural(v.moved, "member", "members"))
}

pub(super) fn move_cells(m: &MoveView) -> Vec<String> {
    vec![
        m.name.clone(),
        m.id.clone(),
        label(&m.from),
        label(&m.to),
        m.change.into(),
    ]
}

pub(super) const MOVE_HEADER: [&str; 5] = ["Member", "Id", "From", "To", "Change"];

pub(super) fn scores(v: &AdjustView) -> [String; 3] {
    [
        v.fewest_moves.line(),
        format!("Score before: {}", score_line(&v.score.before)),
        format!("Score after: {}", score_line(&v.score.after)),
    ]
}
