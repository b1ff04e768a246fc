//! One action and why it is there: the feature that calls it, what for, and the AWS page that
//! says so; an action the catalog does not know is named as such, never explained by guess.

use yew::prelude::*;

use crate::catalog::Feature;
use crate::catalog::actions::reason_for;

/// The action's code and its one-line reason, for a policy needed by `features` (the first
/// of them that calls it gives the reason).
pub fn action_with_reason(action: &str, features: &[Feature]) -> Html {
    let reason = match reason_for(action, features) {
        Some(r) => html! {
            <span class="action-reason" data-reason-feature={r.feature.id()}>
                <strong>{ r.feature.facts().label }</strong>{ ": " }{ r.why }{ " " }
                <a href={r.doc_url} target="_blank" rel="noopener noreferrer">{ "AWS page" }</a>
            </span>
        },
        None => html! {
            <span class="action-reason unknown">{ "No reason on record for this action." }</span>
        },
    };
    html! {
        <>
            <code>{ action.to_owned() }</code>
            { " " }
            { reason }
        </>
    }
}

/// A policy's actions, each with its reason, folded under "Why each action"; `name` marks it
/// for tests and styles.
pub fn actions_with_reasons(name: &str, actions: &[String], features: &[Feature]) -> Html {
    html! {
        <details class="policy-actions" data-actions={name.to_owned()}>
            <summary>{ format!("Why each action ({})", actions.len()) }</summary>
            <ul class="action-list">
                // Keyed by action, so a change of the plan inserts and removes items only.
                { for actions.iter().map(|a| html! {
                    <li key={a.as_str()} data-action={a.clone()}>{ action_with_reason(a, features) }</li>
                }) }
            </ul>
        </details>
    }
}
