//! What changes in permissions when the plan's policies replace the deprecated one: the
//! actions lost, narrowed to named resources, and gained, as the core computes them.

use yew::prelude::*;

use crate::catalog::Feature;
use crate::catalog::LEGACY_POLICY;
use crate::components::action_reason::action_with_reason;
use crate::components::field_list;
use crate::plan::PermissionChanges;

/// Properties of [`ChangesInPermissions`].
#[derive(Properties, PartialEq)]
pub struct ChangesInPermissionsProps {
    /// The changes.
    pub changes: PermissionChanges,
    /// The plan's features, which pick the reason of an action more than one calls.
    pub features: Vec<Feature>,
}

/// Three lists: lost, narrowed, gained.
#[component]
pub fn ChangesInPermissions(props: &ChangesInPermissionsProps) -> Html {
    let c = &props.changes;
    let empty = |what: &'static str| html! { <p class="empty">{ what }</p> };
    let features = &props.features;
    // Keyed by action: a feature ticked moves a few actions between the lists, and keys let
    // the page insert and remove those items instead of rewriting every item after them.
    let actions = |list: &[String]| {
        html! {
            <ul class="action-list">
                { for list.iter().map(|a| html! {
                    <li key={a.as_str()} data-action={a.clone()}>{ action_with_reason(a, features) }</li>
                }) }
            </ul>
        }
    };
    let pending = c.pending.iter().map(|(kind, fields)| {
        let fields: Vec<_> = fields.iter().copied().collect();
        format!("{} waits for {}", kind.label(), field_list(&fields))
    });
    html! {
        <>
        if !c.pending.is_empty() {
            <ul class="notices" data-changes="pending">
                { for pending.map(|what| html! {
                    <li class="notice notice-warning">
                        <span class="notice-label">{ "Not counted yet" }</span>
                        <span class="notice-text">
                            { format!("{what}. What it grants shows as lost until then.") }
                        </span>
                    </li>
                }) }
            </ul>
        }
        <div class="changes">
            <section class="change change-lost" data-changes="lost" aria-labelledby="changes-lost">
                <h3 id="changes-lost">{ format!("Lost ({})", c.lost.len()) }</h3>
                <p class="change-note">
                    { format!("Granted by {}, by nothing in the new set.", LEGACY_POLICY.name()) }
                </p>
                if c.lost.is_empty() { { empty("Nothing is lost.") } } else { { actions(&c.lost) } }
            </section>
            <section class="change change-narrowed" data-changes="narrowed" aria-labelledby="changes-narrowed">
                <h3 id="changes-narrowed">{ format!("Narrowed ({})", c.narrowed.len()) }</h3>
                <p class="change-note">{ "Granted on every resource before, now only on these." }</p>
                if c.narrowed.is_empty() {
                    { empty("Nothing is narrowed.") }
                } else {
                    <ul class="action-list">
                        { for c.narrowed.iter().map(|(action, resources)| html! {
                            <li key={action.as_str()} data-action={action.clone()}>
                                { action_with_reason(action, features) }
                                <ul class="resources">
                                    { for resources.iter().map(|r| html! { <li><code>{ r }</code></li> }) }
                                </ul>
                            </li>
                        }) }
                    </ul>
                }
            </section>
            <section class="change change-gained" data-changes="gained" aria-labelledby="changes-gained">
                <h3 id="changes-gained">{ format!("Gained ({})", c.gained.len()) }</h3>
                <p class="change-note">
                    { format!("Granted by the new set, not by {}.", LEGACY_POLICY.name()) }
                </p>
                if c.gained.is_empty() { { empty("Nothing is gained.") } } else { { actions(&c.gained) } }
            </section>
        </div>
        </>
    }
}
