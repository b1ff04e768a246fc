//! The VSS choice: the AWS managed snapshot policy, or a custom policy written here.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::catalog::ManagedPolicy;
use crate::input::VssChoice;

/// Properties of [`VssChoiceField`].
#[derive(Properties, PartialEq)]
pub struct VssChoiceFieldProps {
    /// The current choice.
    pub value: VssChoice,
    /// Called with the new choice.
    pub on_choose: Callback<VssChoice>,
}

/// Two radios named `vss-policy`.
#[component]
pub fn VssChoiceField(props: &VssChoiceFieldProps) -> Html {
    let on_event = {
        let on_choose = props.on_choose.clone();
        Callback::from(move |e: Event| {
            let chosen = e
                .target_dyn_into::<HtmlInputElement>()
                .filter(HtmlInputElement::checked)
                .and_then(|i| VssChoice::from_id(&i.value()));
            if let Some(choice) = chosen {
                on_choose.emit(choice);
            }
        })
    };
    let option = |choice: VssChoice, label: String, hint: &'static str| {
        let id = format!("vss-policy-{}", choice.id());
        let hint_id = format!("{id}-hint");
        html! {
            <div class="radio">
                <input
                    type="radio"
                    id={id.clone()}
                    name="vss-policy"
                    value={choice.id()}
                    checked={props.value == choice}
                    aria-describedby={hint_id.clone()}
                    oninput={on_event.reform(Event::from)}
                    onchange={on_event.clone()}
                />
                <label for={id}>{ label }</label>
                <p class="hint" id={hint_id}>{ hint }</p>
            </div>
        }
    };
    html! {
        <fieldset class="radio-group">
            <legend>{ "VSS permissions" }</legend>
            { option(
                VssChoice::Managed,
                format!("AWS managed {}", ManagedPolicy::Ec2VssSnapshotPolicy.name()),
                "AWS's current advice, for instances on the current AwsVssComponents.",
            ) }
            { option(
                VssChoice::Custom,
                "Custom policy written here".to_owned(),
                "For instances that keep the older VSS components; needs the account id and a policy name.",
            ) }
        </fieldset>
    }
}
