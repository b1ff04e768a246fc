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
use crate::input::{Field, Selection};
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

/// Where a page load takes its selection from: the URL fragment first (a shared link), then
/// what the browser stored, then the opening state. Anything that does not parse is passed
/// over quietly.
pub fn initial_selection(fragment: Option<&str>, stored: Option<&str>) -> Selection {
    fragment
        .and_then(from_fragment)
        .or_else(|| stored.and_then(from_stored))
        .unwrap_or_default()
}

/// The selection as stored in `localStorage`: its JSON.
pub fn to_stored(selection: &Selection) -> String {
    serde_json::to_string(selection).unwrap_or_default()
}

/// Reads a stored selection; `None` when it is not one.
pub fn from_stored(text: &str) -> Option<Selection> {
    serde_json::from_str(text).ok()
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
    utf8_percent_encode(&to_stored(selection), FRAGMENT_ESCAPES).to_string()
}

/// Reads a selection from a URL fragment, with or without its `#`, percent-encoded or not.
pub fn from_fragment(fragment: &str) -> Option<Selection> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.trim().is_empty() {
        return None;
    }
    from_stored(&percent_decode_str(fragment).decode_utf8().ok()?)
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
        for bad in [
            "",
            "#",
            "outputs",
            "%7",
            "%ZZ",
            "%FF",
            "{\"features\":[\"nope\"]}",
            "[1]",
        ] {
            assert_eq!(from_fragment(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_sign_is_no_hex_digit() {
        // `%+A` was once decoded as a newline; it is no escape and stays as written.
        let s = from_fragment("{%22role-names%22:%22a%+Ab%22}");
        assert_eq!(s.map(|s| s.role_names), Some("a%+Ab".to_owned()));
    }

    #[test]
    fn initial_selection_prefers_fragment_then_storage_then_default() {
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
        assert_eq!(initial_selection(Some(&fragment), Some(&storage)), linked);
        assert_eq!(initial_selection(Some("#garbage"), Some(&storage)), stored);
        assert_eq!(initial_selection(None, Some(&storage)), stored);
        assert_eq!(
            initial_selection(Some("#garbage"), Some("{not json")),
            Selection::default()
        );
        assert_eq!(initial_selection(None, None), Selection::default());
    }
}
