//! The page's state: the user's [`Selection`] behind one Yew reducer, and what the view derives
//! from it.
//!
//! Every action delegates to a pure method, so the whole state machine is tested natively.
//! Storage and the URL are written by the view at its edge, never here; this module only
//! says how a selection is written into, and read back from, those places.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

use crate::catalog::Feature;
use crate::input::{Field, FieldKind, Selection, Toggle, excerpt};
use crate::plan::Plan;
use crate::render::{Output, Rendered, render};

/// The key under which the selection is kept in `localStorage`.
pub const STORAGE_KEY: &str = "ssm-policy-planner.selection";

/// Something the user did to the selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Ticked (`true`) or unticked a feature.
    SetFeature(Feature, bool),
    /// Typed into a field, or chose one of its options; text is kept exactly as typed.
    SetField(Field, String),
    /// Replaced the whole selection, as when a shared link is opened in the same tab.
    Load(Box<Selection>),
    /// Went back to the page's opening state.
    Reset,
}

/// The selection after `action`: the pure step behind [`Reducible::reduce`].
pub fn apply(selection: &Selection, action: Action) -> Selection {
    let mut next = selection.clone();
    match action {
        Action::SetFeature(feature, true) => {
            next.features.insert(feature);
        }
        Action::SetFeature(feature, false) => {
            next.features.remove(&feature);
        }
        // An option the page never offers leaves the choice as it was.
        Action::SetField(field, text) => next.set(field, text).unwrap_or(()),
        Action::Load(loaded) => next = *loaded,
        Action::Reset => next = Selection::default(),
    }
    next
}

impl Reducible for Selection {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = apply(&self, action);
        // The same `Rc` tells Yew nothing changed, so the page is not rendered again.
        if next == *self { self } else { Rc::new(next) }
    }
}

/// Everything the page shows that follows from a selection, computed once per change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// The plan, with the message of each field in error.
    pub plan: Plan,
    /// Every output, rendered or the reason it is not.
    pub outputs: BTreeMap<Output, Rendered>,
}

impl Derived {
    /// Plans and renders a selection.
    pub fn of(selection: &Selection) -> Derived {
        let plan = Plan::from_selection(selection);
        let outputs = Output::ALL
            .into_iter()
            .map(|output| (output, render(&plan, output)))
            .collect();
        Derived { plan, outputs }
    }

    /// The rendered form of one output.
    pub fn output(&self, output: Output) -> Rendered {
        self.outputs
            .get(&output)
            .cloned()
            .unwrap_or_else(|| render(&self.plan, output))
    }

    /// The error message of a field, when it is in error.
    pub fn error(&self, field: Field) -> Option<String> {
        self.plan.error(field)
    }
}

/// The selection a page load opens on, and what the page should say about how it got it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opened {
    /// The selection.
    pub selection: Selection,
    /// One sentence for each thing of the link or the saved plan that was left out.
    pub notes: Vec<String>,
}

/// Where a page load takes its selection from: the URL fragment first (a shared link), then
/// what the browser stored, then the opening state. What cannot be read is left out, and
/// said so in [`Opened::notes`]; the saved plan is only read (and judged) when there is no
/// link.
pub fn open(fragment: Option<&str>, stored: Option<&str>) -> Opened {
    let mut notes = Vec::new();
    if let Some(link) = fragment.and_then(decode_fragment) {
        notes.extend(link.notes(Source::Link));
        if let Some(selection) = link.selection {
            return Opened { selection, notes };
        }
    }
    let selection = match stored.map(decode_stored) {
        Some(saved) => {
            notes.extend(saved.notes(Source::Saved));
            saved.selection.unwrap_or_default()
        }
        None => Selection::default(),
    };
    Opened { selection, notes }
}

/// The selection as stored in `localStorage`: its JSON.
pub fn to_stored(selection: &Selection) -> String {
    serde_json::to_string(selection).unwrap_or_default()
}

/// Reads a stored selection, keeping what is valid; `None` when the text is no selection
/// at all.
pub fn from_stored(text: &str) -> Option<Selection> {
    decode_stored(text).selection
}

/// Reads a stored selection, keeping what is valid and listing what is not.
pub fn decode_stored(text: &str) -> Decoded {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(object)) => decode_object(object),
        _ => Decoded::unreadable(),
    }
}

/// A selection read from a link or from storage, and what of it was left out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    /// What was read; `None` when the text was not a selection at all.
    pub selection: Option<Selection>,
    /// What was left out, in the order it was written.
    pub dropped: Vec<Dropped>,
}

/// One thing of a link or a saved plan that the page did not understand and left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    /// The whole text: not percent-encoded UTF-8, not JSON, or not a JSON object.
    Everything,
    /// A key the page does not know (a newer or an older page's, or a typo).
    Key(String),
    /// A known key whose value is of the wrong type or not one of its options.
    Value {
        /// The key.
        key: String,
        /// The value: a string's text, anything else as JSON.
        value: String,
    },
    /// A name in `features` that is not a feature.
    Feature(String),
}

/// Where a selection was read from, for the wording of its notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The URL fragment of a link.
    Link,
    /// The copy this browser keeps.
    Saved,
}

/// `text` in quotes, as the field messages quote what was typed: an excerpt, so that a
/// tampered link cannot fill the page.
fn quoted(text: &str) -> String {
    format!("'{}'", excerpt(text))
}

impl Decoded {
    fn unreadable() -> Decoded {
        Decoded {
            selection: None,
            dropped: vec![Dropped::Everything],
        }
    }

    /// One sentence for each thing left out, worded for where it came from.
    pub fn notes(&self, source: Source) -> Vec<String> {
        let (whose, fallback) = match source {
            Source::Link => (
                "The link's",
                "The link could not be read as a plan and was left out.",
            ),
            Source::Saved => (
                "The plan saved in this browser's",
                "The plan saved in this browser could not be read and was left out; the page opened on its defaults.",
            ),
        };
        self.dropped
            .iter()
            .map(|dropped| match dropped {
                Dropped::Everything => fallback.to_owned(),
                Dropped::Key(key) => format!(
                    "{whose} setting {} is not one this page knows and was left out.",
                    quoted(key)
                ),
                Dropped::Value { key, value } => format!(
                    "{whose} {}: {} was not understood and was left out.",
                    quoted(key),
                    quoted(value)
                ),
                Dropped::Feature(name) => format!(
                    "{whose} feature {} is not one this page knows and was left out.",
                    quoted(name)
                ),
            })
            .collect()
    }
}

/// Reads each key of a selection's JSON object on its own: a known key with a valid value is
/// kept, anything else is listed in [`Decoded::dropped`]. The plan-file reader stays strict;
/// a link may come from an older or a newer page, or have been edited by hand.
fn decode_object(object: serde_json::Map<String, serde_json::Value>) -> Decoded {
    use serde_json::Value;

    let mut selection = Selection::default();
    let mut dropped = Vec::new();
    for (key, value) in object {
        let drop_value = |value: &Value| Dropped::Value {
            key: key.clone(),
            value: match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            },
        };
        if key == "features" {
            let Value::Array(names) = &value else {
                dropped.push(drop_value(&value));
                continue;
            };
            selection.features.clear();
            for name in names {
                match name.as_str().and_then(Feature::from_id) {
                    Some(feature) => {
                        selection.features.insert(feature);
                    }
                    None => dropped.push(Dropped::Feature(match name {
                        Value::String(text) => text.clone(),
                        other => other.to_string(),
                    })),
                }
            }
            continue;
        }
        let Some(field) = Field::from_id(&key) else {
            dropped.push(Dropped::Key(key));
            continue;
        };
        let text = match &value {
            Value::String(text) => Some(text.clone()),
            // Plan files may list role names; a link written by hand may too.
            Value::Array(items) if field == Field::RoleNames => items
                .iter()
                .map(|item| item.as_str())
                .collect::<Option<Vec<_>>>()
                .map(|lines| lines.join("\n")),
            // A checkbox written as JSON's true or false, as a plan file by hand may have it.
            Value::Bool(on) if field.facts().kind == FieldKind::Checkbox => {
                Some(if *on { Toggle::On } else { Toggle::Off }.id().to_owned())
            }
            _ => None,
        };
        // A choice takes only one of its options (and refuses the text, keeping the default).
        if text.is_none_or(|text| selection.set(field, text).is_err()) {
            dropped.push(drop_value(&value));
        }
    }
    Decoded {
        selection: Some(selection),
        dropped,
    }
}

/// What the fragment writes percent-encoded: everything but what RFC 3986 allows in a
/// fragment, less `%`, plus the JSON brackets that every browser keeps as typed. The JSON
/// stays readable in the address bar.
const FRAGMENT_ESCAPES: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@')
    .remove(b'/')
    .remove(b'?')
    .remove(b'[')
    .remove(b']')
    .remove(b'{')
    .remove(b'}');

/// The selection's JSON as a URL fragment (without the `#`).
pub fn to_fragment(selection: &Selection) -> String {
    fragment_of(&to_stored(selection))
}

/// The fragment of a selection already written as its stored JSON ([`to_stored`]), for a
/// caller that keeps both and need not write the JSON twice.
pub fn fragment_of(stored: &str) -> String {
    utf8_percent_encode(stored, FRAGMENT_ESCAPES).to_string()
}

/// Reads a selection from a URL fragment, with or without its `#`, percent-encoded or not,
/// keeping what is valid; `None` when there is no fragment or it is no selection at all.
pub fn from_fragment(fragment: &str) -> Option<Selection> {
    decode_fragment(fragment)?.selection
}

/// Reads a URL fragment as [`from_fragment`] does, listing what was left out; `None` when
/// there is no fragment.
pub fn decode_fragment(fragment: &str) -> Option<Decoded> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.trim().is_empty() {
        return None;
    }
    Some(match percent_decode_str(fragment).decode_utf8() {
        Ok(json) => decode_stored(&json),
        Err(_) => Decoded::unreadable(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Partition;
    use crate::plan::Part;

    fn reduce(selection: Selection, action: Action) -> Selection {
        (*Rc::new(selection).reduce(action)).clone()
    }

    #[test]
    fn features_tick_and_untick_and_the_users_core_tick_is_kept() {
        let s = reduce(
            Selection::default(),
            Action::SetFeature(Feature::S3Output, true),
        );
        assert!(s.features.contains(&Feature::S3Output));
        let s = reduce(s, Action::SetFeature(Feature::SessionManager, false));
        let s = reduce(s, Action::SetFeature(Feature::CloudWatchAgent, false));
        let s = reduce(s, Action::SetFeature(Feature::S3Output, false));
        assert_eq!(s.features, [Feature::Core].into_iter().collect());
        assert!(!s.core_is_implied());
    }

    #[test]
    fn text_is_kept_exactly_as_typed() {
        let s = reduce(
            Selection::default(),
            Action::SetField(Field::RoleNames, " web \n\nbatch".into()),
        );
        assert_eq!(s.role_names, " web \n\nbatch");
        let s = reduce(s, Action::SetField(Field::Bucket, "My_Bucket".into()));
        assert_eq!(s.bucket, "My_Bucket");
        for field in Field::ALL {
            if field.options().is_empty() {
                let s = reduce(Selection::default(), Action::SetField(field, "x y".into()));
                assert_eq!(s.text(field), "x y", "{field}");
            }
        }
    }

    #[test]
    fn partition_field_takes_known_names_only() {
        let s = reduce(
            Selection::default(),
            Action::SetField(Field::Partition, "aws-us-gov".into()),
        );
        assert_eq!(s.partition, Partition::AwsUsGov);
        let s = reduce(s, Action::SetField(Field::Partition, "mars".into()));
        assert_eq!(s.partition, Partition::AwsUsGov);
    }

    #[test]
    fn an_action_that_changes_nothing_keeps_the_same_state() {
        let before = Rc::new(Selection::default());
        let after = before
            .clone()
            .reduce(Action::SetField(Field::VssPolicy, "managed".into()));
        assert!(Rc::ptr_eq(&before, &after));
        let after = before
            .clone()
            .reduce(Action::SetField(Field::VssPolicy, "custom".into()));
        assert!(!Rc::ptr_eq(&before, &after));
    }

    #[test]
    fn reset_and_load_replace_the_selection() {
        let typed = Selection {
            account_id: "123456789012".into(),
            ..Selection::default()
        };
        let s = reduce(typed.clone(), Action::Reset);
        assert_eq!(s, Selection::default());
        let s = reduce(s, Action::Load(Box::new(typed.clone())));
        assert_eq!(s, typed);
    }

    #[test]
    fn derived_outputs_follow_the_plan() {
        let mut s = Selection {
            bucket: "Bad Bucket".into(),
            ..Selection::default()
        };
        s.features.insert(Feature::S3Output);
        let d = Derived::of(&s);
        assert!(
            d.error(Field::Bucket)
                .is_some_and(|m| m.contains("'Bad Bucket'"))
        );
        assert_eq!(d.outputs.len(), Output::ALL.len());
        assert_eq!(d.output(Output::S3Policy), Part::blocked(Field::Bucket));
        assert_eq!(
            d.output(Output::PolicyToRemove),
            Part::Ready("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM".into())
        );
    }

    #[test]
    fn fragment_round_trips_and_stays_readable() {
        let s = Selection {
            role_names: "web\nbatch \"x\" #1 %2 é".into(),
            partition: Partition::AwsCn,
            ..Selection::default()
        };
        let fragment = to_fragment(&s);
        assert!(fragment.starts_with("{%22features%22:[%22core%22,"));
        assert!(!fragment.contains([' ', '"', '#', '\n', '<', '>', '`']));
        assert_eq!(from_fragment(&fragment), Some(s.clone()));
        assert_eq!(from_fragment(&format!("#{fragment}")), Some(s));
    }

    #[test]
    fn fragment_reads_fully_encoded_and_plain_json() {
        let plain = r#"{"features":["s3-output"],"bucket":"my-out"}"#;
        let s = from_fragment(plain);
        assert_eq!(s.as_ref().map(|s| s.bucket.as_str()), Some("my-out"));
        let encoded = "%7B%22partition%22%3A%22aws-us-gov%22%7D";
        assert_eq!(
            from_fragment(encoded).map(|s| s.partition),
            Some(Partition::AwsUsGov)
        );
    }

    #[test]
    fn broken_fragments_are_passed_over() {
        for bad in ["", "#", "outputs", "%7", "%ZZ", "%FF", "[1]", "{\"bucket\""] {
            assert_eq!(from_fragment(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_tampered_link_keeps_what_is_valid_and_lists_the_rest() {
        let link = r#"{"partition":"mars","bucket":"kept-bucket","colour":"blue",
            "features":["s3-output","teleport",7],"account-id":123456789012,
            "role-names":["web","batch"],"vss-policy":"custom","s3-route":["x"]}"#;
        let decoded = decode_fragment(link).expect("a fragment");
        let expected = Selection {
            features: [Feature::S3Output].into_iter().collect(),
            bucket: "kept-bucket".into(),
            role_names: "web\nbatch".into(),
            vss_policy: crate::input::VssChoice::Custom,
            ..Selection::default()
        };
        assert_eq!(decoded.selection, Some(expected));
        // serde_json's map is sorted by key, so the list is too.
        assert_eq!(
            decoded.dropped,
            vec![
                Dropped::Value {
                    key: "account-id".into(),
                    value: "123456789012".into()
                },
                Dropped::Key("colour".into()),
                Dropped::Feature("teleport".into()),
                Dropped::Feature("7".into()),
                Dropped::Value {
                    key: "partition".into(),
                    value: "mars".into()
                },
                Dropped::Value {
                    key: "s3-route".into(),
                    value: "[\"x\"]".into()
                },
            ]
        );
        let notes = decoded.notes(Source::Link);
        assert_eq!(notes.len(), 6);
        assert_eq!(
            notes[4],
            "The link's 'partition': 'mars' was not understood and was left out."
        );
        assert_eq!(
            notes[1],
            "The link's setting 'colour' is not one this page knows and was left out."
        );
        assert!(notes[2].contains("feature 'teleport'"), "{}", notes[2]);
    }

    #[test]
    fn a_wrong_features_value_keeps_the_default_features() {
        let decoded = decode_fragment(r#"{"features":"s3-output"}"#).expect("a fragment");
        assert_eq!(decoded.selection, Some(Selection::default()));
        assert_eq!(decoded.dropped.len(), 1);
    }

    #[test]
    fn notes_quote_a_long_value_shortened() {
        let long = "x".repeat(5_000);
        let decoded = decode_stored(&format!(r#"{{"bucket":7,"{long}":1}}"#));
        let notes = decoded.notes(Source::Saved);
        assert!(notes.iter().all(|n| n.len() < 200), "{notes:?}");
        assert!(notes[1].contains(&format!("'{}…'", "x".repeat(crate::input::QUOTE_MAX_CHARS))));
        assert!(notes[0].starts_with("The plan saved in this browser's 'bucket': '7'"));
    }

    #[test]
    fn a_sign_is_no_hex_digit() {
        // `%+A` was once decoded as a newline; it is no escape and stays as written.
        let s = from_fragment("{%22role-names%22:%22a%+Ab%22}");
        assert_eq!(s.map(|s| s.role_names), Some("a%+Ab".to_owned()));
    }

    #[test]
    fn open_prefers_fragment_then_storage_then_default() {
        let linked = Selection {
            bucket: "linked".into(),
            ..Selection::default()
        };
        let stored = Selection {
            bucket: "stored".into(),
            ..Selection::default()
        };
        let fragment = to_fragment(&linked);
        let storage = to_stored(&stored);
        let quiet = |selection: &Selection| Opened {
            selection: selection.clone(),
            notes: vec![],
        };
        assert_eq!(open(Some(&fragment), Some(&storage)), quiet(&linked));
        assert_eq!(open(Some(""), Some(&storage)), quiet(&stored));
        assert_eq!(open(None, Some(&storage)), quiet(&stored));
        assert_eq!(open(None, None), quiet(&Selection::default()));
        // A link that is no plan falls back on the saved one, and says so.
        let opened = open(Some("#garbage"), Some(&storage));
        assert_eq!(opened.selection, stored);
        assert_eq!(
            opened.notes,
            ["The link could not be read as a plan and was left out."]
        );
        let opened = open(Some("#garbage"), Some("{not json"));
        assert_eq!(opened.selection, Selection::default());
        assert_eq!(opened.notes.len(), 2);
        assert!(opened.notes[1].contains("saved in this browser could not be read"));
        // A good link does not judge the saved plan it replaces.
        assert_eq!(open(Some(&fragment), Some("{not json")), quiet(&linked));
    }
}
