//! The planner page: one reducer over the [`Selection`], the plan derived from it, and the
//! selection kept in the URL fragment and `localStorage` so nothing typed is lost.

use yew::prelude::*;

use crate::catalog::{Feature, LEGACY_POLICY, MIGRATION_GUIDE_URL};
use crate::components::browser;
use crate::components::changes_in_permissions::ChangesInPermissions;
use crate::components::feature_checklist::FeatureChecklist;
use crate::components::feature_table::FeatureTable;
use crate::components::inputs_form::InputsForm;
use crate::components::outputs::Outputs;
use crate::components::required_policies::RequiredPolicies;
use crate::input::{Field, Selection};
use crate::state::{Action, Derived};

/// Properties of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The selection to open on. `None` opens on the URL fragment's selection, else the stored
    /// one, else the default, as a page load does.
    #[prop_or_default]
    pub initial: Option<Selection>,
}

/// A callback that turns what a component reports into an action on the selection.
fn dispatch<T: 'static>(
    selection: &UseReducerHandle<Selection>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = selection.dispatcher();
    Callback::from(move |value| dispatcher.dispatch(make(value)))
}

/// The whole page.
#[component]
pub fn App(props: &AppProps) -> Html {
    let initial = props.initial.clone();
    let selection = use_reducer(move || initial.unwrap_or_else(browser::saved_selection));
    let current: Selection = (*selection).clone();
    let derived = use_memo(current.clone(), Derived::of);

    use_effect_with(current.clone(), browser::save_selection);
    {
        let dispatcher = selection.dispatcher();
        use_effect_with((), move |_| {
            let listener = browser::listen_hash_change(move |loaded| {
                dispatcher.dispatch(Action::Load(Box::new(loaded)))
            });
            move || drop(listener)
        });
    }

    let on_toggle = dispatch(&selection, |(feature, on): (Feature, bool)| {
        Action::SetFeature(feature, on)
    });
    let on_edit = dispatch(&selection, |(field, text): (Field, String)| {
        Action::SetField(field, text)
    });
    let on_reset = {
        let dispatcher = selection.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(Action::Reset))
    };

    html! {
        <>
            <header class="site-header">
                <div class="wrap">
                    <p class="eyebrow">{ "AWS Systems Manager" }</p>
                    <h1>{ "Instance role policy planner" }</h1>
                    <p class="lede">
                        { "Move EC2 and on-premises instance roles off the deprecated " }
                        <code>{ LEGACY_POLICY.name() }</code>
                        { " to AmazonSSMManagedInstanceCore and only the policies your features need. Tick the features, fill in the details, then copy the policies, scripts and audit template. Everything is computed in this page; nothing is sent anywhere." }
                    </p>
                </div>
            </header>
            <main class="wrap layout">
                <div class="column-setup">
                    <section class="panel" aria-labelledby="features-title">
                        <h2 id="features-title">{ "Features in use" }</h2>
                        <FeatureChecklist
                            ticked={current.features.clone()}
                            core_implied={current.core_is_implied()}
                            {on_toggle}
                        />
                    </section>
                    <section class="panel" aria-labelledby="details-title">
                        <h2 id="details-title">{ "Your details" }</h2>
                        <InputsForm
                            selection={current.clone()}
                            derived={derived.clone()}
                            {on_edit}
                        />
                        <p class="reset">
                            <button type="button" class="button button-quiet" onclick={on_reset}>
                                { "Start over" }
                            </button>
                            <span class="hint">{ "Clears every feature and field back to the defaults." }</span>
                        </p>
                    </section>
                </div>
                <div class="column-plan">
                    <section class="panel" aria-labelledby="table-title">
                        <h2 id="table-title">{ "Which policy covers which feature" }</h2>
                        <FeatureTable ticked={derived.plan.features.clone()} vss={current.vss_policy} />
                    </section>
                    <section class="panel" aria-labelledby="policies-title">
                        <h2 id="policies-title">{ "Policies the roles need" }</h2>
                        <RequiredPolicies derived={derived.clone()} />
                    </section>
                    <section class="panel" aria-labelledby="outputs-title">
                        <h2 id="outputs-title">{ "Outputs" }</h2>
                        <Outputs derived={derived.clone()} />
                    </section>
                    <section class="panel" aria-labelledby="changes-title">
                        <h2 id="changes-title">{ "What changes in permissions" }</h2>
                        <ChangesInPermissions changes={derived.plan.changes.clone()} />
                    </section>
                </div>
            </main>
            <footer class="site-footer">
                <div class="wrap">
                    <p>
                        { "Why and how: " }
                        <a href={MIGRATION_GUIDE_URL} target="_blank" rel="noopener noreferrer">
                            { "Applying managed instance policy best practices" }
                        </a>
                        { " (AWS Cloud Operations blog). Managed policy documents as embedded here; check the current versions in IAM before you rely on them." }
                    </p>
                </div>
            </footer>
        </>
    }
}
