//! A denial's explanation in words, as the page shows it and `ssm-plan explain` prints it.

use std::fmt::Write;

use crate::catalog::LEGACY_POLICY;
use crate::denial::{Cause, Explanation, Grant, Verdict};
use crate::plan::Plan;

/// Where a grant allows the action, in words.
fn where_(grant: &Grant) -> String {
    let mut out = format!(
        "{} allows it on {}",
        grant.policy,
        grant.resources.join(", ")
    );
    if grant.conditional {
        out.push_str(" (on conditions)");
    }
    match grant.covers {
        Some(true) => out.push_str(", the denied resource included"),
        Some(false) => out.push_str(", not on the denied resource"),
        None => {}
    }
    out
}

/// What to do, in one paragraph.
fn advice(plan: &Plan, e: &Explanation) -> String {
    let action = &e.denial.action;
    match &e.verdict {
        Verdict::OutsideTheRole(cause) => {
            let what = match cause {
                Cause::ExplicitDeny(kind) => format!("an explicit deny in a {kind}"),
                Cause::NoAllowIn(kind) => format!("no {kind} allows it"),
                Cause::NoIdentityAllow => "no identity-based policy allows it".to_owned(),
            };
            format!(
                "AWS says {what}. The plan writes the role's own policies, which cannot lift that: look at the {} for {action}.",
                match cause {
                    Cause::ExplicitDeny(kind) | Cause::NoAllowIn(kind) => kind.as_str(),
                    Cause::NoIdentityAllow => "role's policies",
                }
            )
        }
        Verdict::Unknown => format!(
            "The planner does not know {action}: neither the old policy, nor the plan, nor the AWS managed policies it knows allow it, so it is not explained here."
        ),
        Verdict::PlanGrants => "The plan allows it: the role does not carry the plan's policies yet, or a permissions boundary, a service control policy or an explicit deny stops it. Run step 3 for the role, then step 5 to verify it.".to_owned(),
        Verdict::OutsideThePlan => {
            let narrowed = e.legacy.as_ref().is_some_and(|g| g.covers != Some(false));
            if narrowed {
                "The old policy allowed it everywhere; the plan allows it only on the resources above. If the instances are meant to use the denied resource, enter it in the plan (the bucket and key prefix fields), or allow it in a policy of your own.".to_owned()
            } else {
                "The plan allows it only on the resources above, and the old policy did not allow it there either: the move did not cause this denial.".to_owned()
            }
        }
        Verdict::RemovedByTheMove => {
            let missing: Vec<&str> = e
                .reasons
                .iter()
                .filter(|r| !plan.features.contains(&r.feature))
                .map(|r| r.feature.facts().label)
                .collect();
            if missing.is_empty() {
                "The old policy allowed it and the plan does not: the move removed it. The features that use it are ticked and their documented policies do without it: if the instances need it, allow it in a customer managed policy of your own.".to_owned()
            } else {
                format!(
                    "The old policy allowed it and the plan does not: the move removed it. Tick {} so the plan adds the policy that allows it.",
                    missing.join(" or ")
                )
            }
        }
        Verdict::NotTheMove => "Neither the old policy nor the plan allows it: the move did not cause this denial.".to_owned(),
    }
}

/// The explanations, one block each, blank lines between.
pub fn text(plan: &Plan, explanations: &[Explanation]) -> String {
    let mut out = String::new();
    for (i, e) in explanations.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "Denied: {}", e.denial.action);
        match &e.denial.resource {
            Some(r) => {
                let _ = writeln!(out, "Resource: {r}");
            }
            None => out.push_str("Resource: not named in the paste\n"),
        }
        if e.verdict == Verdict::Unknown {
            let _ = writeln!(out, "{}", advice(plan, e));
            continue;
        }
        for r in e.reasons {
            let _ = writeln!(
                out,
                "Feature: {}: {} {}",
                r.feature.facts().label,
                r.why,
                r.doc_url
            );
        }
        match &e.legacy {
            Some(g) => {
                let _ = writeln!(out, "The old policy: {}.", where_(g));
            }
            None => {
                let _ = writeln!(
                    out,
                    "The old policy: {} did not allow it.",
                    LEGACY_POLICY.name()
                );
            }
        }
        if e.in_plan.is_empty() {
            out.push_str("This plan: no policy of it allows it.\n");
        }
        for g in &e.in_plan {
            let _ = writeln!(out, "This plan: {}.", where_(g));
        }
        if !e.managed.is_empty() {
            let names: Vec<&str> = e.managed.iter().map(|m| m.name()).collect();
            let _ = writeln!(
                out,
                "AWS managed policies that allow it: {}.",
                names.join(", ")
            );
        }
        let _ = writeln!(out, "What to do: {}", advice(plan, e));
    }
    out
}
