//! The policies the roles need: for each, the ticked features that need it and why, its ARN
//! (or what is missing for it), its AWS documentation, and a managed policy's version.

use std::rc::Rc;

use yew::prelude::*;

use crate::catalog::Feature;
use crate::components::field_list;
use crate::input::Field;
use crate::plan::{PlannedPolicy, PolicyRef};
use crate::state::Derived;

/// Properties of [`RequiredPolicies`].
#[derive(Properties, PartialEq)]
pub struct RequiredPoliciesProps {
    /// The derived plan.
    pub derived: Rc<Derived>,
}

/// The plan's policies, one card each.
#[component]
pub fn RequiredPolicies(props: &RequiredPoliciesProps) -> Html {
    let plan = &props.derived.plan;
    html! {
        <ol class="policy-list">
            { for plan.policies.iter().map(|p| policy_card(p, plan.core_implied, &props.derived)) }
        </ol>
    }
}

/// The fields a custom policy's ARN is made of.
fn arn_fields(policy: PolicyRef) -> &'static [Field] {
    match policy {
        PolicyRef::Managed(_) => &[],
        PolicyRef::CustomS3Output => &[Field::AccountId, Field::S3PolicyName],
        PolicyRef::CustomVss => &[Field::AccountId, Field::VssPolicyName],
    }
}

fn policy_card(p: &PlannedPolicy, core_implied: bool, derived: &Derived) -> Html {
    let (kind, version, doc_url) = match p.policy {
        PolicyRef::Managed(m) => (
            "AWS managed",
            Some(format!(
                "{} of {}, as embedded here",
                m.version(),
                m.version_date()
            )),
            m.doc_url(),
        ),
        PolicyRef::CustomS3Output | PolicyRef::CustomVss => (
            "Customer managed, written by this planner",
            None,
            p.needed_by
                .first()
                .map_or(Feature::Core.doc_url(), |f| f.doc_url())
                .to_owned(),
        ),
    };
    let missing: Vec<Field> = arn_fields(p.policy)
        .iter()
        .copied()
        .filter(|f| derived.errors.contains_key(f))
        .collect();
    html! {
        <li class="policy-card" data-policy={p.name.clone()}>
            <div class="policy-head">
                <h3 class="policy-title">{ &p.name }</h3>
                <span class="badge">{ kind }</span>
                if let Some(version) = version {
                    <span class="policy-version">{ version }</span>
                }
            </div>
            if let Some(arn) = &p.arn {
                <p class="policy-arn"><code data-arn={p.name.clone()}>{ arn }</code></p>
            } else {
                <p class="policy-arn missing">
                    { if missing.is_empty() {
                        "The ARN appears once the account id and the policy name are valid.".to_owned()
                    } else {
                        format!("The ARN appears once you fix {}.", field_list(&missing))
                    } }
                </p>
            }
            <ul class="needed-by">
                { for p.needed_by.iter().map(|f| html! {
                    <li>
                        <strong>{ f.label() }</strong>
                        if *f == Feature::Core && core_implied {
                            <span class="implied-tag">{ " (implied)" }</span>
                        }
                        { ": " }{ f.why() }
                    </li>
                }) }
            </ul>
            <p class="policy-doc">
                <a href={doc_url} target="_blank" rel="noopener noreferrer">{ "AWS documentation" }</a>
            </p>
        </li>
    }
}
