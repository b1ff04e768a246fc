//! The policies the roles need: for each, the ticked features that need it and why, its ARN
//! (or what it waits for), its AWS documentation, and a managed policy's version.

use std::rc::Rc;

use yew::prelude::*;

use crate::catalog::Feature;
use crate::components::action_reason::actions_with_reasons;
use crate::components::field_list;
use crate::input::Field;
use crate::plan::{Part, PlannedPolicy, PolicyRef};
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
            { for plan.policies.iter().map(|p| policy_card(p, plan.core_implied)) }
        </ol>
    }
}

fn policy_card(p: &PlannedPolicy, core_implied: bool) -> Html {
    let (kind, version, doc_url) = match p.policy {
        PolicyRef::Managed(m) => (
            "AWS managed",
            Some(format!(
                "{} of {}, as embedded here",
                m.facts().version,
                m.facts().version_date
            )),
            m.doc_url(),
        ),
        PolicyRef::Custom(kind) => (
            "Customer managed, written by this planner",
            None,
            match (kind.route_reason(), p.needed_by.first()) {
                (Some((_, url)), _) => url,
                (None, Some(f)) => f.facts().doc_url,
                (None, None) => Feature::Core.facts().doc_url,
            }
            .to_owned(),
        ),
    };
    let route = match p.policy {
        PolicyRef::Custom(kind) => kind.route_reason().map(|(why, _)| why),
        PolicyRef::Managed(_) => None,
    };
    let arn = match &p.arn {
        Part::Ready(arn) => html! {
            <p class="policy-arn"><code data-arn={p.name.clone()}>{ arn }</code></p>
        },
        Part::Blocked(fields) => {
            let fields: Vec<_> = fields.iter().copied().collect();
            html! {
                <p class="policy-arn missing">
                    { format!("The ARN appears once you fix {}.", field_list(&fields)) }
                </p>
            }
        }
        Part::NotApplicable(_) => Html::default(),
    };
    html! {
        // Keyed by name: a feature ticked adds or removes a card, and the others stay as drawn.
        <li key={p.name.clone()} class="policy-card" data-policy={p.name.clone()}>
            <div class="policy-head">
                <h3 class="policy-title">{ &p.name }</h3>
                <span class="badge">{ kind }</span>
                if let Some(version) = version {
                    <span class="policy-version">{ version }</span>
                }
            </div>
            { arn }
            <ul class="needed-by">
                if let Some(why) = route {
                    <li><strong>{ Field::S3Route.label() }</strong>{ ": " }{ why }</li>
                }
                { for p.needed_by.iter().map(|f| html! {
                    <li>
                        <strong>{ f.facts().label }</strong>
                        if *f == Feature::Core && core_implied {
                            <span class="implied-tag">{ " (implied)" }</span>
                        }
                        { ": " }{ f.facts().why }
                    </li>
                }) }
            </ul>
            { actions_with_reasons(&p.name, &p.actions, &p.needed_by) }
            <p class="policy-doc">
                <a href={doc_url} target="_blank" rel="noopener noreferrer">{ "AWS documentation" }</a>
            </p>
        </li>
    }
}
