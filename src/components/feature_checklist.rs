//! The feature checklist: the seven features, with the core locked on while other features
//! imply it.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::catalog::Feature;
use crate::components::and_list;
use crate::components::feature_option::FeatureOption;

/// Properties of [`FeatureChecklist`].
#[derive(Properties, PartialEq)]
pub struct FeatureChecklistProps {
    /// The features the user ticked (the core only when ticked by hand).
    pub ticked: BTreeSet<Feature>,
    /// Whether other ticked features imply the core ([`crate::input::Selection::core_is_implied`]).
    pub core_implied: bool,
    /// Called with a feature and its new ticked state.
    pub on_toggle: Callback<(Feature, bool)>,
}

/// Every feature of [`Feature::ALL`] as a checkbox.
#[component]
pub fn FeatureChecklist(props: &FeatureChecklistProps) -> Html {
    let implying: Vec<&str> = props
        .ticked
        .iter()
        .filter(|f| **f != Feature::Core)
        .map(|f| f.facts().label)
        .collect();
    html! {
        <fieldset class="feature-checklist">
            <legend class="sr-only">{ "Features" }</legend>
            <ul class="feature-options">
                { for Feature::ALL.into_iter().map(|feature| {
                    let implied_by = (feature == Feature::Core && props.core_implied)
                        .then(|| AttrValue::from(and_list(&implying)));
                    let checked = props.ticked.contains(&feature) || implied_by.is_some();
                    html! {
                        <FeatureOption
                            key={feature.id()}
                            {feature}
                            {checked}
                            {implied_by}
                            on_toggle={props.on_toggle.clone()}
                        />
                    }
                }) }
            </ul>
        </fieldset>
    }
}
