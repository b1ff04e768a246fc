//! One feature of the checklist: its checkbox, label and one-line summary.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::catalog::Feature;

/// Properties of [`FeatureOption`].
#[derive(Properties, PartialEq)]
pub struct FeatureOptionProps {
    /// The feature.
    pub feature: Feature,
    /// Whether the box shows ticked.
    pub checked: bool,
    /// When the feature is implied by others: their labels. The box is then ticked and
    /// locked, with a note saying why.
    #[prop_or_default]
    pub implied_by: Option<AttrValue>,
    /// Called with the feature and its new ticked state.
    pub on_toggle: Callback<(Feature, bool)>,
}

/// A feature checkbox.
#[component]
pub fn FeatureOption(props: &FeatureOptionProps) -> Html {
    let feature = props.feature;
    let id = format!("feature-{}", feature.id());
    let summary_id = format!("{id}-summary");
    let note_id = format!("{id}-implied");
    let onchange = props.on_toggle.reform(move |e: Event| {
        let on = e
            .target_dyn_into::<HtmlInputElement>()
            .is_some_and(|input| input.checked());
        (feature, on)
    });
    let implied = props.implied_by.is_some();
    let described_by = if implied {
        format!("{summary_id} {note_id}")
    } else {
        summary_id.clone()
    };
    html! {
        <li class={classes!("feature-option", props.checked.then_some("is-checked"), implied.then_some("is-implied"))}>
            <input
                type="checkbox"
                id={id.clone()}
                name="feature"
                value={feature.id()}
                checked={props.checked}
                disabled={implied}
                aria-describedby={described_by}
                {onchange}
            />
            <div class="feature-text">
                <label for={id}>{ feature.facts().label }</label>
                <p class="feature-summary" id={summary_id}>{ feature.facts().summary }</p>
                if let Some(by) = &props.implied_by {
                    <p class="implied-note" id={note_id}>{ format!("Always included: implied by {by}.") }</p>
                }
            </div>
        </li>
    }
}
