//! Plan → text: every artifact the planner hands the user, byte for byte stable.

pub mod cloudformation;
pub mod plan_json;
pub mod scripts;
pub mod shell;

use crate::input::Field;
use crate::plan::{Output, Plan, Status};

/// An output, rendered or the reason it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// The text, exactly as the user copies it.
    Text(String),
    /// The output does not apply to the selection.
    NotApplicable,
    /// The output waits for these fields to be filled in or corrected.
    Blocked(Vec<Field>),
}

impl Rendered {
    /// The text, when there is one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Rendered::Text(t) => Some(t),
            Rendered::NotApplicable | Rendered::Blocked(_) => None,
        }
    }
}

/// Renders one output of the plan.
pub fn render(plan: &Plan, output: Output) -> Rendered {
    match plan.status(output) {
        Status::NotApplicable => return Rendered::NotApplicable,
        Status::Blocked(fields) => return Rendered::Blocked(fields),
        Status::Ready => {}
    }
    let text = match output {
        Output::PoliciesToAdd => plan.policies_to_add().map(|arns| arns.join(",")),
        Output::PolicyToRemove => Some(plan.policy_to_remove.clone()),
        Output::S3Policy => plan.s3_policy.as_ref().map(|d| d.to_pretty_json()),
        Output::VssPolicy => plan.vss_policy.as_ref().map(|d| d.to_pretty_json()),
        Output::CliDefine => Some(scripts::define(plan)),
        Output::CliFind => Some(scripts::find(plan)),
        Output::CliUpdateRoles => scripts::update_roles(plan),
        Output::CliAudit => scripts::audit(plan),
        Output::CliVerify => scripts::verify(plan),
        Output::CliRollback => scripts::rollback(plan),
        Output::AuditTemplate => cloudformation::audit_template(plan),
    };
    // A ready status guarantees the values; an absent one would be a planner bug, and the
    // safe answer is no output rather than a partial one.
    text.map_or(Rendered::Blocked(Vec::new()), Rendered::Text)
}
