//! The TOML config (README: Config reference), parsed strictly and validated once into plain [`Settings`].

use anyhow::{bail, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    roster: Option<String>,
    history: Option<String>,
    #[serde(default)]
    roster_columns: RawColumns,
    groups: RawGroups,
    #[serde(default)]
    balance: Vec<RawBalance>,
    #[serde(default)]
    similar: Vec<RawSimilar>,
    diversity: Option<RawDiversity>,
    requests: Option<RawRequests>,
    #[serde(default)]
    repeats: RawRepeats,
    #[serde(default)]
    keep: RawKeep,
    #[serde(default)]
    pin: BTreeMap<String, String>,
    #[serde(default)]
    roles: BTreeMap<String, RawRole>,
    facilitators: Option<RawFacilitators>,
    share_columns: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacilitators {
    file: Option<String>,
    per_group: Option<i64>,
    expertise: Option<String>,
    r#match: Option<String>,
    separator: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawColumns {
    id: Option<String>,
    name: Option<String>,
    role: Option<String>,
    status: Option<String>,
    exclude: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroups {
    min_size: i64,
    max_size: i64,
    target_size: Option<i64>,
    count: Option<i64>,
    even_sizes: Option<bool>,
    label_prefix: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBalance {
    column: String,
    weight: Option<f64>,
    max_per_group: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSimilar {
    column: String,
    kind: Option<String>,
    weight: Option<f64>,
    max_spread: Option<f64>,
    require_common: Option<bool>,
    separator: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDiversity {
    columns: Option<Vec<String>>,
    distances: Option<String>,
    weight: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRequests {
    with: Option<String>,
    not_with: Option<String>,
    weight: Option<f64>,
    hard_not_with: Option<bool>,
    separator: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRepeats {
    forbid_within: Option<toml::Value>,
    weight: Option<f64>,
    decay: Option<f64>,
    lookback: Option<i64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawKeep {
    #[serde(default)]
    apart: Vec<Vec<String>>,
    #[serde(default)]
    together: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    max_per_group: Option<i64>,
    min_per_group: Option<i64>,
    counts_toward_size: Option<bool>,
}

/// Names of the roster's special columns and the excluded statuses.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Id column (default `id`).
    pub id: String,
    /// Name column (default `name`).
    pub name: String,
    /// Role column (default `role`).
    pub role: String,
    /// Status column (default `status`).
    pub status: String,
    /// Statuses that take no part (default `inactive`, `leave`), compared case-insensitively.
    pub exclude: Vec<String>,
}

/// Group sizes and labels.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupSettings {
    /// Smallest number of ordinary members in a group.
    pub min_size: usize,
    /// Largest number of ordinary members in a group.
    pub max_size: usize,
    /// Preferred size used to choose the number of groups (default `min_size`).
    pub target_size: usize,
    /// A fixed number of groups.
    pub count: Option<usize>,
    /// Group sizes differ by at most one.
    pub even_sizes: bool,
    /// Label prefix (`G` gives G01, G02, …).
    pub label_prefix: String,
}

/// `[[balance]]`: spread a category evenly.
#[derive(Debug, Clone, PartialEq)]
pub struct BalanceSettings {
    /// Roster column.
    pub column: String,
    /// Weight of the deviation.
    pub weight: f64,
    /// Hard cap on any one value per group.
    pub max_per_group: Option<usize>,
}

/// How a `[[similar]]` column is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SimilarKind {
    /// Numbers; the cost is the spread.
    Numeric,
    /// Labels; the cost is the members outside the majority.
    Categorical,
    /// Lists; the cost is the members outside the largest sharing one element.
    Set,
}

/// `[[similar]]`: keep a group alike on a column.
#[derive(Debug, Clone, PartialEq)]
pub struct SimilarSettings {
    /// Roster column.
    pub column: String,
    /// Forced kind; `None` = numeric if every non-blank value is a number, else categorical.
    pub kind: Option<SimilarKind>,
    /// Weight.
    pub weight: f64,
    /// Hard cap on max − min (numeric only).
    pub max_spread: Option<f64>,
    /// Hard: every group shares at least one element (set only).
    pub require_common: bool,
    /// Separator of set elements (default `;`).
    pub separator: String,
}

/// Where pair distances come from.
#[derive(Debug, Clone, PartialEq)]
pub enum DistanceSource {
    /// Gower distance over these roster columns.
    Columns(Vec<String>),
    /// A CSV file with columns `a,b,distance`.
    File(PathBuf),
}

/// `[diversity]`: reward pairs that differ.
#[derive(Debug, Clone, PartialEq)]
pub struct DiversitySettings {
    /// Distance source.
    pub source: DistanceSource,
    /// Weight.
    pub weight: f64,
}

/// `[requests]` (README: Requests): roster columns in which people ask to be with someone or not.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSettings {
    /// The column of `with` requests (ids or names), if any.
    pub with: Option<String>,
    /// The column of `not_with` requests, if any.
    pub not_with: Option<String>,
    /// Cost of each unmet `with` and each met `not_with` request.
    pub weight: f64,
    /// `not_with` requests are apart rules instead of costs.
    pub hard_not_with: bool,
    /// What separates several people in one cell (default `;`).
    pub separator: String,
}

/// `[repeats]`: pairs that met before.
#[derive(Debug, Clone, PartialEq)]
pub struct RepeatSettings {
    /// Hard: pairs that met within this many cycles may not meet (`u32::MAX` = ever).
    pub forbid_within: u32,
    /// Cost of a repeated pair at age 1.
    pub weight: f64,
    /// Factor per cycle of age.
    pub decay: f64,
    /// History older than this many cycles is ignored.
    pub lookback: Option<u32>,
}

/// `[roles.NAME]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleSettings {
    /// Most members of this role in one group.
    pub max_per_group: Option<usize>,
    /// Fewest members of this role in one group.
    pub min_per_group: usize,
    /// Whether members of this role count toward min/max size.
    pub counts_toward_size: bool,
}

/// `[facilitators]`: a separate pool placed after the members are grouped (README: Config reference).
#[derive(Debug, Clone, PartialEq)]
pub struct FacilitatorSettings {
    /// The pool CSV: the roster's id/name columns and an optional `capacity` column.
    pub file: PathBuf,
    /// Facilitators per group while the pool's capacity allows (default 1).
    pub per_group: usize,
    /// Subject expertise (`expertise` and `match`), when set.
    pub expertise: Option<ExpertiseSettings>,
}

/// `[facilitators] expertise` and `match` (README: Config reference): a set column of the pool and
/// a set column of the roster; a facilitator is preferred by how many of a group's members
/// share one of their topics (elements trimmed, compared case-insensitively).
#[derive(Debug, Clone, PartialEq)]
pub struct ExpertiseSettings {
    /// The pool's column of each facilitator's topics (`expertise`).
    pub topics: String,
    /// The roster's column of each member's interests (`match`).
    pub interests: String,
    /// What separates the elements of a cell in both columns (default `;`).
    pub separator: String,
}

/// The validated config. Paths are already resolved against the config file's folder.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The config file itself (for messages).
    pub path: PathBuf,
    /// Roster path.
    pub roster: Option<PathBuf>,
    /// History path.
    pub history: Option<PathBuf>,
    /// Roster columns.
    pub columns: Columns,
    /// Group sizes.
    pub groups: GroupSettings,
    /// Balance rules.
    pub balance: Vec<BalanceSettings>,
    /// Similarity rules.
    pub similar: Vec<SimilarSettings>,
    /// Diversity reward.
    pub diversity: Option<DiversitySettings>,
    /// `[requests]`, when set.
    pub requests: Option<RequestSettings>,
    /// Repeat rules.
    pub repeats: RepeatSettings,
    /// Sets that must be split.
    pub apart: Vec<Vec<String>>,
    /// Sets that must stay whole.
    pub together: Vec<Vec<String>>,
    /// Member id → group label.
    pub pin: BTreeMap<String, String>,
    /// Role rules by role name (lower case).
    pub roles: BTreeMap<String, RoleSettings>,
    /// The facilitator pool, when `[facilitators]` is set.
    pub facilitators: Option<FacilitatorSettings>,
    /// `share_columns`: roster columns the list meant for members (`--share`) shows besides
    /// the names, e.g. `["email"]`.
    pub share_columns: Vec<String>,
    /// Notes for the user (e.g. tables that are accepted but not used yet).
    pub notes: Vec<String>,
}

/// Parses and validates config text; `path` locates relative paths and names the file in messages.
pub fn parse_config(path: &Path, text: &str) -> Result<Settings> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
    let v = &Validate { path };
    let c = &raw.roster_columns;
    Ok(Settings {
        path: path.to_path_buf(),
        roster: v.file_key(raw.roster.as_deref(), "roster", "members.csv")?,
        history: v.file_key(raw.history.as_deref(), "history", "history.csv")?,
        columns: Columns {
            id: c.id.clone().unwrap_or_else(|| "id".into()),
            name: c.name.clone().unwrap_or_else(|| "name".into()),
            role: c.role.clone().unwrap_or_else(|| "role".into()),
            status: c.status.clone().unwrap_or_else(|| "status".into()),
            exclude: c
                .exclude
                .clone()
                .unwrap_or_else(|| vec!["inactive".into(), "leave".into()]),
        },
        groups: groups(v, &raw.groups)?,
        balance: balance(v, &raw.balance)?,
        similar: similar(v, &raw.similar)?,
        diversity: diversity(v, raw.diversity.as_ref())?,
        requests: requests(v, raw.requests.as_ref())?,
        repeats: repeats(v, &raw.repeats)?,
        apart: raw.keep.apart,
        together: raw.keep.together,
        pin: raw.pin,
        roles: roles(v, &raw.roles)?,
        facilitators: facilitators(v, raw.facilitators.as_ref())?,
        share_columns: share_columns(raw.share_columns).map_err(|m| v.ctx(m))?,
        notes: Vec::new(),
    })
}

/// What every check of a config value needs: the file, for messages and relative paths.
struct Validate<'a> {
    /// The config file.
    path: &'a Path,
}

impl Validate<'_> {
    /// An error naming the config file.
    fn ctx(&self, msg: impl std::fmt::Display) -> anyhow::Error {
        anyhow::anyhow!("{}: {}", self.path.display(), msg)
    }

    /// A path key that is present must name a file; it is relative to the config file.
    fn file_key(&self, value: Option<&str>, key: &str, example: &str) -> Result<Option<PathBuf>> {
        match value {
            Some(v) if v.trim().is_empty() => Err(self.ctx(format!(
                "{key} = \"{v}\" names no file; write the file's path (e.g. {key} = \"{example}\", relative to this config file) or remove the line"
            ))),
            Some(v) => Ok(Some(self.path.parent().unwrap_or(Path::new("")).join(v))),
            None => Ok(None),
        }
    }

    /// A weight: 1 when absent, else a finite number of at least zero.
    fn weight(&self, w: Option<f64>, key: &str) -> Result<f64> {
        let w = w.unwrap_or(1.0);
        if !w.is_finite() || w < 0.0 {
            return Err(self.ctx(format!(
                "{key} = {w}: weights must be zero or positive numbers"
            )));
        }
        Ok(w)
    }

    /// A separator of set elements: `;` when absent, never empty.
    fn separator(&self, s: Option<&str>, key: &str) -> Result<String> {
        match s.unwrap_or(";") {
            "" => Err(self.ctx(format!("{key} may not be empty"))),
            s => Ok(s.to_string()),
        }
    }

    /// A count: a whole number of at least zero.
    fn count(&self, v: i64, key: &str) -> Result<usize> {
        usize::try_from(v).map_err(|_| {
            self.ctx(format!(
                "{key} = {v}: must be zero or a positive whole number"
            ))
        })
    }
}

/// `[groups]`: sizes, count and labels.
fn groups(v: &Validate, g: &RawGroups) -> Result<GroupSettings> {
    let min_size = v.count(g.min_size, "groups.min_size")?;
    let max_size = v.count(g.max_size, "groups.max_size")?;
    if min_size == 0 {
        return Err(v.ctx("groups.min_size = 0: a group needs at least one ordinary member; set min_size to 1 or more"));
    }
    if min_size > max_size {
        return Err(v.ctx(format!(
            "groups.min_size ({min_size}) is larger than groups.max_size ({max_size}); make min_size <= max_size"
        )));
    }
    let target_size = match g.target_size {
        Some(t) => {
            let t = v.count(t, "groups.target_size")?;
            if t < min_size || t > max_size {
                return Err(v.ctx(format!(
                    "groups.target_size ({t}) must lie between min_size ({min_size}) and max_size ({max_size})"
                )));
            }
            t
        }
        None => min_size,
    };
    let group_count = match g.count {
        Some(c) => {
            let c = v.count(c, "groups.count")?;
            if c == 0 {
                return Err(v.ctx("groups.count = 0: there must be at least one group"));
            }
            Some(c)
        }
        None => None,
    };
    let label_prefix = g.label_prefix.clone().unwrap_or_else(|| "G".into());
    if label_prefix.contains([',', '"', '\n', '\r']) {
        return Err(v.ctx("groups.label_prefix may not contain commas, quotes or line breaks"));
    }
    Ok(GroupSettings {
        min_size,
        max_size,
        target_size,
        count: group_count,
        even_sizes: g.even_sizes.unwrap_or(true),
        label_prefix,
    })
}

/// `[[balance]]` tables.
fn balance(v: &Validate, raw: &[RawBalance]) -> Result<Vec<BalanceSettings>> {
    let mut balance = Vec::new();
    for (i, b) in raw.iter().enumerate() {
        let key = format!("balance[{}]", i + 1);
        balance.push(BalanceSettings {
            column: b.column.trim().to_string(),
            weight: v.weight(b.weight, &format!("{key}.weight"))?,
            max_per_group: b
                .max_per_group
                .map(|x| v.count(x, &format!("{key}.max_per_group")))
                .transpose()?,
        });
    }
    Ok(balance)
}

/// `[[similar]]` tables.
fn similar(v: &Validate, raw: &[RawSimilar]) -> Result<Vec<SimilarSettings>> {
    let mut similar = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let key = format!("similar[{}]", i + 1);
        let kind = match s.kind.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None => None,
            Some("numeric") => Some(SimilarKind::Numeric),
            Some("categorical") => Some(SimilarKind::Categorical),
            Some("set") => Some(SimilarKind::Set),
            Some(other) => {
                return Err(v.ctx(format!(
                    "{key}.kind = \"{other}\": use \"numeric\", \"categorical\" or \"set\""
                )))
            }
        };
        if let Some(ms) = s.max_spread {
            if !ms.is_finite() || ms < 0.0 {
                return Err(v.ctx(format!("{key}.max_spread = {ms}: must be zero or positive")));
            }
            if matches!(kind, Some(SimilarKind::Categorical | SimilarKind::Set)) {
                return Err(v.ctx(format!("{key}.max_spread applies to numeric columns only")));
            }
        }
        let require_common = s.require_common.unwrap_or(false);
        if require_common && kind != Some(SimilarKind::Set) {
            return Err(v.ctx(format!("{key}.require_common needs kind = \"set\"")));
        }
        let separator = v.separator(s.separator.as_deref(), &format!("{key}.separator"))?;
        similar.push(SimilarSettings {
            column: s.column.trim().to_string(),
            kind,
            weight: v.weight(s.weight, &format!("{key}.weight"))?,
            max_spread: s.max_spread,
            require_common,
            separator,
        });
    }
    Ok(similar)
}

/// `[diversity]`.
fn diversity(v: &Validate, raw: Option<&RawDiversity>) -> Result<Option<DiversitySettings>> {
    Ok(match raw {
        None => None,
        Some(d) => {
            let source = match (&d.columns, &d.distances) {
                (Some(_), Some(_)) => {
                    return Err(v.ctx("[diversity] takes either `columns` or `distances`, not both"))
                }
                (Some(cols), None) if !cols.is_empty() => {
                    DistanceSource::Columns(cols.iter().map(|c| c.trim().to_string()).collect())
                }
                (None, Some(f)) => DistanceSource::File(
                    v.file_key(Some(f), "diversity.distances", "distances.csv")?
                        .unwrap_or_default(),
                ),
                _ => {
                    return Err(v.ctx(
                        "[diversity] needs `columns = [..]` (roster columns) or `distances = \"file.csv\"`"
                    ))
                }
            };
            Some(DiversitySettings {
                source,
                weight: v.weight(d.weight, "diversity.weight")?,
            })
        }
    })
}

/// `[requests]`: at least one column; a weight; a separator that is not empty.
fn requests(v: &Validate, raw: Option<&RawRequests>) -> Result<Option<RequestSettings>> {
    let Some(r) = raw else {
        return Ok(None);
    };
    let column = |c: &Option<String>| c.as_ref().map(|c| c.trim().to_string());
    let (with, not_with) = (column(&r.with), column(&r.not_with));
    if with.is_none() && not_with.is_none() {
        return Err(v.ctx(
            "[requests] names no column; set `with = \"wants_with\"` and/or `not_with = \"avoid\"` (roster columns of ids or names), or remove the table",
        ));
    }
    if [&with, &not_with]
        .into_iter()
        .flatten()
        .any(String::is_empty)
    {
        return Err(v.ctx("[requests] has an empty column name; name a roster column"));
    }
    let separator = v.separator(r.separator.as_deref(), "requests.separator")?;
    Ok(Some(RequestSettings {
        with,
        not_with,
        weight: v.weight(r.weight, "requests.weight")?,
        hard_not_with: r.hard_not_with.unwrap_or(false),
        separator,
    }))
}

/// `[repeats]`.
fn repeats(v: &Validate, r: &RawRepeats) -> Result<RepeatSettings> {
    let forbid_within = match &r.forbid_within {
        None => 0,
        Some(toml::Value::Integer(k)) if *k >= 0 => u32::try_from(*k).unwrap_or(u32::MAX),
        Some(toml::Value::String(s)) if s.eq_ignore_ascii_case("all") => u32::MAX,
        Some(other) => {
            return Err(v.ctx(format!(
                "repeats.forbid_within = {other}: use a whole number of cycles (0 = no hard rule) or \"all\""
            )))
        }
    };
    let decay = r.decay.unwrap_or(0.5);
    if !(0.0..=1.0).contains(&decay) {
        return Err(v.ctx(format!("repeats.decay = {decay}: must lie between 0 and 1")));
    }
    let lookback = match r.lookback {
        Some(l) if l >= 1 => Some(u32::try_from(l).unwrap_or(u32::MAX)),
        Some(l) => return Err(v.ctx(format!("repeats.lookback = {l}: must be 1 or more cycles"))),
        None => None,
    };
    Ok(RepeatSettings {
        forbid_within,
        weight: v.weight(r.weight, "repeats.weight")?,
        decay,
        lookback,
    })
}

/// `[roles.NAME]` tables, by role name in lower case.
fn roles(v: &Validate, raw: &BTreeMap<String, RawRole>) -> Result<BTreeMap<String, RoleSettings>> {
    let mut roles = BTreeMap::new();
    for (name, role) in raw {
        let lname = name.trim().to_ascii_lowercase();
        if lname.is_empty() || lname == "member" || lname == "facilitator" {
            return Err(v.ctx(format!(
                "[roles.{name}]: '{name}' is reserved; choose another role name"
            )));
        }
        let max_per_group = role
            .max_per_group
            .map(|x| v.count(x, &format!("roles.{name}.max_per_group")))
            .transpose()?;
        let min_per_group = role
            .min_per_group
            .map(|x| v.count(x, &format!("roles.{name}.min_per_group")))
            .transpose()?
            .unwrap_or(0);
        if let Some(max) = max_per_group {
            if min_per_group > max {
                return Err(v.ctx(format!(
                    "roles.{name}: min_per_group ({min_per_group}) is larger than max_per_group ({max})"
                )));
            }
        }
        roles.insert(
            lname,
            RoleSettings {
                max_per_group,
                min_per_group,
                counts_toward_size: role.counts_toward_size.unwrap_or(true),
            },
        );
    }
    Ok(roles)
}

/// `[facilitators]`.
fn facilitators(
    v: &Validate,
    raw: Option<&RawFacilitators>,
) -> Result<Option<FacilitatorSettings>> {
    Ok(match raw {
        None => None,
        Some(f) => {
            let Some(file) =
                v.file_key(f.file.as_deref(), "facilitators.file", "facilitators.csv")?
            else {
                return Err(v.ctx(
                    "[facilitators] needs `file = \"facilitators.csv\"`: the pool of facilitators (id, name, optional capacity)"
                ));
            };
            let per_group = f
                .per_group
                .map(|x| v.count(x, "facilitators.per_group"))
                .transpose()?
                .unwrap_or(1);
            if per_group == 0 {
                return Err(v.ctx(
                    "facilitators.per_group = 0: use 1 or more, or remove the [facilitators] table",
                ));
            }
            Some(FacilitatorSettings {
                file,
                per_group,
                expertise: expertise(v, f)?,
            })
        }
    })
}

/// `[facilitators] expertise` and `match`: both or neither, each a column name.
fn expertise(v: &Validate, f: &RawFacilitators) -> Result<Option<ExpertiseSettings>> {
    let column = |c: &Option<String>| c.as_ref().map(|c| c.trim().to_string());
    let (topics, interests) = match (column(&f.expertise), column(&f.r#match)) {
        (None, None) => {
            if f.separator.is_some() {
                return Err(v.ctx("facilitators.separator splits the expertise and match columns; set `expertise = \"topics\"` (a column of the pool) and `match = \"interests\"` (a column of the roster), or remove the line"));
            }
            return Ok(None);
        }
        (Some(_), None) => return Err(v.ctx(
            "[facilitators] has `expertise` but no `match`; add `match = \"interests\"`: the roster column of each member's interests, compared with the facilitators' topics",
        )),
        (None, Some(_)) => return Err(v.ctx(
            "[facilitators] has `match` but no `expertise`; add `expertise = \"topics\"`: the column of the facilitator pool with each facilitator's topics",
        )),
        (Some(t), Some(i)) => (t, i),
    };
    if topics.is_empty() || interests.is_empty() {
        return Err(v.ctx(
            "[facilitators] expertise and match name columns; write a column name, e.g. expertise = \"topics\" and match = \"interests\"",
        ));
    }
    Ok(Some(ExpertiseSettings {
        topics,
        interests,
        separator: v.separator(f.separator.as_deref(), "facilitators.separator")?,
    }))
}

/// `share_columns`: names of columns, none blank and none twice.
fn share_columns(columns: Option<Vec<String>>) -> std::result::Result<Vec<String>, String> {
    let columns: Vec<String> = columns
        .unwrap_or_default()
        .into_iter()
        .map(|c| c.trim().to_string())
        .collect();
    if columns.iter().any(String::is_empty) {
        return Err("share_columns has an empty name; list roster column names, e.g. share_columns = [\"email\"]".into());
    }
    for (k, c) in columns.iter().enumerate() {
        if columns[..k].iter().any(|d| d.eq_ignore_ascii_case(c)) {
            return Err(format!(
                "share_columns names '{c}' twice; list each column once"
            ));
        }
    }
    Ok(columns)
}

/// Turns a TOML error into `file:line:column: message`, with a suggestion for unknown keys.
fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> anyhow::Error {
    let mut msg = e.message().to_string();
    if let Some(hint) = unknown_key_hint(&msg) {
        msg.push_str(&hint);
    }
    match e.span() {
        Some(span) => {
            let (line, col) = line_col(text, span.start);
            anyhow::anyhow!("{}:{}:{}: {}", path.display(), line, col, msg)
        }
        None => anyhow::anyhow!("{}: {}", path.display(), msg),
    }
}

/// One-based line and column (in characters) of a byte offset in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// Where each key of the config belongs: the table as written in the file, and its keys.
const TABLES: [(&str, &[&str]); 12] = [
    (
        "the top level (above the first [table] header)",
        &[
            "roster",
            "history",
            "roster_columns",
            "groups",
            "balance",
            "similar",
            "diversity",
            "requests",
            "repeats",
            "keep",
            "pin",
            "roles",
            "facilitators",
            "share_columns",
        ],
    ),
    (
        "[roster_columns]",
        &["id", "name", "role", "status", "exclude"],
    ),
    (
        "[groups]",
        &[
            "min_size",
            "max_size",
            "target_size",
            "count",
            "even_sizes",
            "label_prefix",
        ],
    ),
    ("[[balance]]", &["column", "weight", "max_per_group"]),
    (
        "[[similar]]",
        &[
            "column",
            "kind",
            "weight",
            "max_spread",
            "require_common",
            "separator",
        ],
    ),
    ("[diversity]", &["columns", "distances", "weight"]),
    (
        "[requests]",
        &["with", "not_with", "weight", "hard_not_with", "separator"],
    ),
    (
        "[repeats]",
        &["forbid_within", "weight", "decay", "lookback"],
    ),
    ("[keep]", &["apart", "together"]),
    ("[pin]", &[]),
    (
        "[roles.NAME]",
        &["max_per_group", "min_per_group", "counts_toward_size"],
    ),
    (
        "[facilitators]",
        &["file", "per_group", "expertise", "match", "separator"],
    ),
];

/// "unknown field `x`, expected one of `a`, `b`" → "; did you mean `a`?", or where `x`
/// belongs when it is a key of another table (in TOML a key written below a `[table]`
/// header belongs to that table, a common slip).
fn unknown_key_hint(msg: &str) -> Option<String> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (key, expected) = rest.split_once('`')?;
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|cand| (strsim::levenshtein(key, cand), cand))
        .min();
    if let Some((d, cand)) = best {
        if d <= 2 {
            return Some(format!("; did you mean `{cand}`?"));
        }
    }
    let homes: Vec<&str> = TABLES
        .iter()
        .filter(|(_, keys)| keys.contains(&key))
        .map(|(table, _)| *table)
        .collect();
    if let [home] = homes[..] {
        return Some(format!(
            "; `{key}` belongs in {home}: in TOML a key written below a [table] header belongs to that table, so move the line under {home}"
        ));
    }
    match best {
        Some((d, cand)) if d <= 3 => Some(format!("; did you mean `{cand}`?")),
        _ => Some("; remove it or check its spelling".into()),
    }
}

/// Reads the config file from disk.
pub fn load_settings(path: &Path) -> Result<Settings> {
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => bail!("{}: the config file is not valid UTF-8", path.display()),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "config file '{}' not found; pass --config PATH or create peergroups.toml in this folder",
            path.display()
        ),
        Err(e) => bail!("cannot read config '{}': {e}", path.display()),
    };
    parse_config(path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Settings> {
        parse_config(Path::new("dir/p.toml"), s)
    }

    #[test]
    fn defaults_and_relative_paths() {
        let s = parse("roster = \"m.csv\"\n[groups]\nmin_size = 3\nmax_size = 4\n").unwrap();
        assert_eq!(s.roster, Some(PathBuf::from("dir/m.csv")));
        assert_eq!(s.groups.target_size, 3);
        assert!(s.groups.even_sizes);
        assert_eq!(s.repeats.decay, 0.5);
        assert_eq!(s.repeats.weight, 1.0);
        assert_eq!(s.columns.exclude, vec!["inactive", "leave"]);
    }

    #[test]
    fn unknown_key_suggests() {
        let e = parse("[groups]\nmin_sise = 3\nmax_size = 4\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("dir/p.toml:2:1"), "{e}");
        assert!(e.contains("did you mean `min_size`"), "{e}");
    }

    #[test]
    fn negative_weight_rejected() {
        let e = parse(
            "[groups]\nmin_size = 3\nmax_size = 4\n[[balance]]\ncolumn = \"x\"\nweight = -1\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("balance[1].weight"), "{e}");
    }

    #[test]
    fn min_above_max_rejected() {
        let e = parse("[groups]\nmin_size = 5\nmax_size = 4\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("min_size (5) is larger than groups.max_size (4)"),
            "{e}"
        );
    }

    #[test]
    fn facilitators_table() {
        let s = parse("[groups]\nmin_size = 2\nmax_size = 3\n[facilitators]\nfile = \"f.csv\"\n")
            .unwrap();
        let f = s.facilitators.unwrap();
        assert_eq!(f.file, PathBuf::from("dir/f.csv"));
        assert_eq!(f.per_group, 1);
        let e = parse("[groups]\nmin_size = 2\nmax_size = 3\n[facilitators]\nper_group = 2\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("needs `file"), "{e}");
        let e = parse("[groups]\nmin_size = 2\nmax_size = 3\n[facilitators]\nfile = \"f.csv\"\nper_grup = 2\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `per_group`"), "{e}");
    }

    #[test]
    fn expertise_needs_match_and_the_other_way_round() {
        let base = "[groups]\nmin_size = 2\nmax_size = 3\n[facilitators]\nfile = \"f.csv\"\n";
        let s = parse(&format!(
            "{base}expertise = \" topics \"\nmatch = \"interests\"\n"
        ))
        .unwrap();
        let e = s.facilitators.unwrap().expertise.unwrap();
        assert_eq!(
            (e.topics.as_str(), e.interests.as_str()),
            ("topics", "interests")
        );
        assert_eq!(e.separator, ";");
        let e = parse(&format!("{base}expertise = \"topics\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("no `match`; add `match = \"interests\"`"), "{e}");
        let e = parse(&format!("{base}match = \"interests\"\n"))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("no `expertise`; add `expertise = \"topics\"`"),
            "{e}"
        );
        let e = parse(&format!("{base}separator = \"|\"\n"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("facilitators.separator"), "{e}");
        assert!(parse(&format!("{base}per_group = 1\n"))
            .unwrap()
            .facilitators
            .unwrap()
            .expertise
            .is_none());
    }

    #[test]
    fn forbid_within_all() {
        let s = parse("[groups]\nmin_size = 2\nmax_size = 2\n[repeats]\nforbid_within = \"all\"\n")
            .unwrap();
        assert_eq!(s.repeats.forbid_within, u32::MAX);
    }
}
