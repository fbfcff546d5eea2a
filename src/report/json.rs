//! JSON output: the shapes documented in the README and in `schema/` (README: JSON shapes). Every
//! document starts with `"version": 1`; a key keeps one JSON type in every document (a count
//! is named `…_count` where the same key elsewhere holds a list).

use super::{
    AdjustView, AssignView, CheckView, ExplainView, HistoryForecastView, HistoryView, PlanView,
    Renderer, ReportView, RotateView,
};

/// The version of the JSON shapes, the first key of every document.
pub const VERSION: u32 = 1;

/// Pretty JSON with `"version"` first and a trailing newline.
pub fn render<T: serde::Serialize>(v: &T) -> anyhow::Result<String> {
    let mut doc = serde_json::Map::new();
    doc.insert("version".into(), VERSION.into());
    match serde_json::to_value(v)? {
        serde_json::Value::Object(fields) => {
            doc.extend(fields.into_iter().filter(|(k, _)| k != "version"));
        }
        other => {
            doc.insert("value".into(), other);
        }
    }
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

/// The JSON format: every view through [`render`].
pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn assign(&self, v: &AssignView) -> anyhow::Result<String> {
        render(v)
    }
    fn check(&self, v: &CheckView) -> anyhow::Result<String> {
        render(v)
    }
    fn rotate(&self, v: &RotateView) -> anyhow::Result<String> {
        render(v)
    }
    fn report(&self, v: &ReportView) -> anyhow::Result<String> {
        render(v)
    }
    fn plan(&self, v: &PlanView) -> anyhow::Result<String> {
        render(v)
    }
    fn adjust(&self, v: &AdjustView) -> anyhow::Result<String> {
        render(v)
    }
    fn history(&self, v: &HistoryView) -> anyhow::Result<String> {
        render(v)
    }
    fn forecast(&self, v: &HistoryForecastView) -> anyhow::Result<String> {
        render(v)
    }
    fn explain(&self, v: &ExplainView) -> anyhow::Result<String> {
        render(v)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_comes_first() {
        let out = super::render(&serde_json::json!({"cycle": "c1"})).unwrap();
        assert!(
            out.starts_with("{\n  \"version\": 1,\n  \"cycle\""),
            "{out}"
        );
    }
}
