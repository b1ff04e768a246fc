//! What the page says when it stops: a bug broke it, and the user should know what happened,
//! that the plan is not lost, and how to report it.
//!
//! The report names what the user was doing in the page's own words (the kind of action, the
//! feature, field or output it touched) and where in the code it stopped, never a value the
//! user typed: a report is meant to be pasted into a message to someone else. All of it is
//! pure text, so it is tested natively; the page shows it through `components::browser`.

use std::cell::Cell;

use crate::catalog::Feature;
use crate::input::{Field, FieldKind};
use crate::render::Output;
use crate::state::Action;

/// The kind of thing the user last did, without its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activity {
    /// The page was starting, before any action.
    Opening,
    /// Ticked (`true`) or unticked a feature.
    Feature(Feature, bool),
    /// Typed into a field, or chose one of its options.
    Field(Field),
    /// Opened a link in the open page.
    Link,
    /// Went back to the defaults.
    StartingOver,
    /// Copied an output.
    Copying(Output),
    /// Downloaded an output.
    Downloading(Output),
    /// Pasted or typed a denial to explain.
    ExplainingDenial,
    /// Pasted or chose an account's export.
    ImportingEstate,
    /// Pasted a template to rewrite.
    RewritingTemplate,
}

impl Activity {
    /// The activity of an action on the selection.
    pub fn of(action: &Action) -> Activity {
        match action {
            Action::SetFeature(feature, on) => Activity::Feature(*feature, *on),
            Action::SetField(field, _) => Activity::Field(*field),
            Action::Load(_) => Activity::Link,
            Action::Reset => Activity::StartingOver,
        }
    }

    /// What the user was doing, in words: "typing in the field 'bucket'".
    pub fn describe(self) -> String {
        match self {
            Activity::Opening => "opening the page".to_owned(),
            Activity::Feature(feature, true) => format!("ticking the feature '{}'", feature.id()),
            Activity::Feature(feature, false) => {
                format!("unticking the feature '{}'", feature.id())
            }
            Activity::Field(field) => match field.facts().kind {
                FieldKind::Text | FieldKind::Lines => {
                    format!("typing in the field '{}'", field.id())
                }
                FieldKind::Select | FieldKind::Radios => {
                    format!("choosing an option of '{}'", field.id())
                }
                FieldKind::Checkbox => format!("ticking or unticking '{}'", field.id()),
            },
            Activity::Link => "opening a link in the page".to_owned(),
            Activity::StartingOver => "starting over".to_owned(),
            Activity::Copying(output) => format!("copying the output '{}'", output.id()),
            Activity::Downloading(output) => {
                format!("downloading the output '{}'", output.id())
            }
            Activity::ExplainingDenial => "explaining a denial".to_owned(),
            Activity::ImportingEstate => "importing an account's export".to_owned(),
            Activity::RewritingTemplate => "rewriting a template".to_owned(),
        }
    }
}

thread_local! {
    /// The last thing the user did: the page runs on one thread.
    static LAST: Cell<Activity> = const { Cell::new(Activity::Opening) };
}

/// Remembers `activity` as the last thing the user did.
pub fn note(activity: Activity) {
    LAST.with(|last| last.set(activity));
}

/// The last thing the user did.
pub fn last() -> Activity {
    LAST.with(Cell::get)
}

/// Where the code stopped: a source file, line and column. Never the panic's message, which
/// may quote what the user typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The source file.
    pub file: String,
    /// Its line.
    pub line: u32,
    /// Its column.
    pub column: u32,
}

impl Place {
    /// The place at `file`, shortened to the crate's own path (`yew-0.23.0/src/...`,
    /// `core/src/...`): the full path only says where the page was built.
    pub fn new(file: &str, line: u32, column: u32) -> Place {
        let file = match file.rfind("/src/") {
            Some(src) if file.starts_with('/') => {
                let crate_dir = file[..src].rfind('/').map_or(0, |slash| slash + 1);
                &file[crate_dir..]
            }
            _ => file,
        };
        Place {
            file: file.to_owned(),
            line,
            column,
        }
    }
}

/// What the page shows in place of a stopped app: a title, what to do, and a report to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crash {
    /// The heading.
    pub title: &'static str,
    /// What happened and what to do, one paragraph each.
    pub advice: [&'static str; 2],
    /// The report to send: no value the user typed.
    pub report: String,
}

/// The page's message for a stop while the user was doing `activity`, at `place`.
pub fn crash(activity: Activity, place: Option<&Place>) -> Crash {
    let place = place.map_or_else(
        || "unknown".to_owned(),
        |p| format!("{}:{}:{}", p.file, p.line, p.column),
    );
    Crash {
        title: "The planner stopped because of a bug",
        advice: [
            "Your plan is not lost: it is kept in this page's address and in this browser. Reload the page to carry on from where you were.",
            "Please report the bug to whoever published this page, with the report below. It says what you were doing, not what you typed: none of your values are in it.",
        ],
        report: format!(
            "ssm-policy-planner {} stopped while {}.\nPlace in the code: {place}",
            env!("CARGO_PKG_VERSION"),
            activity.describe()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Selection;

    #[test]
    fn every_action_names_its_kind_and_never_its_value() {
        let secret = "123456789012-secret-bucket";
        let mut actions = vec![
            Action::SetFeature(Feature::S3Output, true),
            Action::SetFeature(Feature::S3Output, false),
            Action::Reset,
            Action::Load(Box::new(Selection {
                bucket: secret.into(),
                ..Selection::default()
            })),
        ];
        actions.extend(
            Field::ALL
                .into_iter()
                .map(|field| Action::SetField(field, secret.into())),
        );
        for action in actions {
            let described = Activity::of(&action).describe();
            let report = crash(Activity::of(&action), None).report;
            assert!(report.contains(&described), "{report}");
            assert!(!report.contains("secret"), "{action:?}: {report}");
            assert!(!report.contains("123456789012"), "{action:?}: {report}");
        }
    }

    #[test]
    fn the_report_says_what_was_being_done_and_where() {
        let place = Place::new("src/plan.rs", 12, 5);
        let crashed = crash(Activity::Field(Field::Bucket), Some(&place));
        assert_eq!(
            crashed.report,
            format!(
                "ssm-policy-planner {} stopped while typing in the field 'bucket'.\nPlace in the code: src/plan.rs:12:5",
                env!("CARGO_PKG_VERSION")
            )
        );
        assert!(
            crash(Activity::Feature(Feature::VssSnapshots, true), None)
                .report
                .contains("ticking the feature 'vss-snapshots'")
        );
        assert!(
            crash(Activity::Field(Field::Partition), None)
                .report
                .contains("choosing an option of 'partition'")
        );
    }

    #[test]
    fn a_place_is_shortened_to_its_crate() {
        let cases = [
            ("src/components/app.rs", "src/components/app.rs"),
            (
                "/any/where/registry/src/index-1/yew-0.23.0/src/dom_bundle/position.rs",
                "yew-0.23.0/src/dom_bundle/position.rs",
            ),
            (
                "/rustc/0123abc/library/core/src/str/mod.rs",
                "core/src/str/mod.rs",
            ),
            ("/no/source/folder.rs", "/no/source/folder.rs"),
        ];
        for (file, short) in cases {
            assert_eq!(Place::new(file, 1, 2).file, short);
        }
    }

    #[test]
    fn the_last_activity_is_remembered() {
        assert_eq!(last(), Activity::Opening);
        note(Activity::Copying(Output::S3Policy));
        assert_eq!(last(), Activity::Copying(Output::S3Policy));
    }
}
