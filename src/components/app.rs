//! The planner page: one reducer over the [`Selection`], the plan derived from it, and the
//! selection kept in the URL fragment and `localStorage` so nothing typed is lost. What the
//! page could not read or keep is said in a status line above the plan.

use yew::prelude::*;

use crate::catalog::{Feature, LEGACY_POLICY, MIGRATION_GUIDE_URL};
use crate::components::browser;
use crate::components::changes_in_permissions::ChangesInPermissions;
use crate::components::denial_explainer::DenialExplainer;
use crate::components::estate_import::EstateImport;
use crate::components::feature_checklist::FeatureChecklist;
use crate::components::feature_table::FeatureTable;
use crate::components::inputs_form::InputsForm;
use crate::components::outputs::Outputs;
use crate::components::required_policies::RequiredPolicies;
use crate::components::template_rewrite::TemplateRewrite;
use crate::crash::{self, Activity};
use crate::input::{Field, Selection};
use crate::state::{Action, Derived, Opened};

/// Properties of [`App`].
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The selection to open on. `None` opens on the URL fragment's selection, else the stored
    /// one, else the default, as a page load does.
    #[prop_or_default]
    pub initial: Option<Selection>,
    /// The page holds what the build rendered (the default selection, nothing noted): the
    /// first render must match it for hydration, so the selection opened is applied after.
    #[prop_or_default]
    pub prerendered: bool,
}

/// A callback that turns what a component reports into an action on the selection, noted
/// first as what the user is doing, for the report of a bug that stops the page.
fn dispatch<T: 'static>(
    selection: &UseReducerHandle<Selection>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = selection.dispatcher();
    Callback::from(move |value| {
        let action = make(value);
        crash::note(Activity::of(&action));
        dispatcher.dispatch(action)
    })
}

/// The whole page.
#[component]
pub fn App(props: &AppProps) -> Html {
    let opening = {
        let initial = props.initial.clone();
        use_memo((), move |_| match initial.clone() {
            Some(selection) => (
                Opened {
                    selection,
                    notes: Vec::new(),
                },
                None,
            ),
            None => browser::opened_selection(),
        })
    };
    let prerendered = props.prerendered;
    // What the first render shows: the opened selection, or for a prerendered page what the
    // build rendered (the default, nothing noted), which hydration needs it to match.
    let first = if prerendered {
        (Opened::default(), None)
    } else {
        (*opening).clone()
    };
    let selection = {
        let opened = first.0.selection;
        use_reducer(move || opened)
    };
    // What was left out of the link or the saved plan last read, and whether the browser
    // keeps the plan: both shown in the status line.
    let notes = use_state_eq(move || first.0.notes);
    let storage_error = use_state_eq(|| first.1);
    // Until the app answers, the controls of a prerendered page are inert: hydration sets
    // every field's value, so anything typed before it would be lost.
    let answering = use_state_eq(|| !prerendered);
    let current: Selection = (*selection).clone();
    let derived = use_memo(current.clone(), Derived::of);

    // Once hydrated, the page moves to the selection it opened on.
    {
        let dispatcher = selection.dispatcher();
        let notes = notes.clone();
        let storage_error = storage_error.clone();
        let opening = opening.clone();
        use_effect_with((), move |_| {
            if prerendered {
                let (opened, error) = (*opening).clone();
                if opened.selection != Selection::default() {
                    dispatcher.dispatch(Action::Load(Box::new(opened.selection)));
                }
                notes.set(opened.notes);
                storage_error.set(error);
            }
        });
    }
    // Saved from the moment the opened selection is shown: saving the prerendered default
    // before that would overwrite the stored plan.
    {
        let storage_error = storage_error.clone();
        let answering = answering.clone();
        let shown = use_mut_ref(|| false);
        let opened = opening.0.selection.clone();
        use_effect_with(current.clone(), move |selection| {
            if !*shown.borrow() {
                if *selection != opened {
                    return;
                }
                *shown.borrow_mut() = true;
                answering.set(true);
            }
            storage_error.set(browser::save_selection(selection).err());
        });
    }
    {
        let dispatcher = selection.dispatcher();
        let notes = notes.clone();
        use_effect_with((), move |_| {
            let listener = browser::listen_hash_change(move |loaded, left_out| {
                if let Some(loaded) = loaded {
                    let action = Action::Load(Box::new(loaded));
                    crash::note(Activity::of(&action));
                    dispatcher.dispatch(action);
                }
                notes.set(left_out);
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
    // Said once the controls are live, so nothing waiting for it types into an inert field.
    use_effect_with(*answering, |answering| {
        if *answering {
            browser::mark_ready();
        }
    });
    let inert = !*answering;
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
            <div class="wrap">
                // Always in the page, so that a screen reader announces what appears in it.
                <div class="page-status" role="status" aria-live="polite" data-page-status="">
                    { for notes.iter().map(|note| html! { <p>{ note.clone() }</p> }) }
                    { for storage_error.map(|e| html! { <p>{ e.message() }</p> }) }
                </div>
            </div>
            <main class="wrap layout">
                <div class="column-setup" {inert}>
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
                            on_edit={on_edit.clone()}
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
                    <section class="panel" aria-labelledby="estate-title" {inert}>
                        <h2 id="estate-title">{ "Your account's roles" }</h2>
                        <EstateImport
                            derived={derived.clone()}
                            selection={current.clone()}
                            {on_edit}
                        />
                    </section>
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
                        <ChangesInPermissions
                            changes={derived.plan.changes.clone()}
                            features={derived.plan.features.iter().copied().collect::<Vec<_>>()}
                        />
                    </section>
                    <section class="panel" aria-labelledby="rewrite-title" {inert}>
                        <h2 id="rewrite-title">{ "Templates that still name the old policy" }</h2>
                        <TemplateRewrite derived={derived.clone()} />
                    </section>
                    <section class="panel" aria-labelledby="denial-title" {inert}>
                        <h2 id="denial-title">{ "Explain a denial" }</h2>
                        <DenialExplainer derived={derived.clone()} />
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
