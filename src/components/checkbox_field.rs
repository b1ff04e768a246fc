//! A checkbox field in its [`FieldFrame`]: ticked is [`Toggle::On`], as plan files write it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::field_frame::{FieldFrame, FieldIds};
use crate::input::{Field, Toggle};

/// Properties of [`CheckboxField`].
#[derive(Properties, PartialEq)]
pub struct CheckboxFieldProps {
    /// Which field.
    pub field: Field,
    /// The state's id (`on` or `off`).
    pub value: AttrValue,
    /// Called with the field and the new state's id.
    pub on_edit: Callback<(Field, String)>,
}

/// One checkbox with its label, hint and error slot.
#[component]
pub fn CheckboxField(props: &CheckboxFieldProps) -> Html {
    let field = props.field;
    let ids = FieldIds::of(field);
    let on_edit = props.on_edit.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            let state = if input.checked() {
                Toggle::On
            } else {
                Toggle::Off
            };
            on_edit.emit((field, state.id().to_owned()));
        }
    });
    html! {
        <FieldFrame {field}>
            <input
                type="checkbox"
                id={ids.control.clone()}
                name={field.id()}
                value={Toggle::On.id()}
                checked={props.value == Toggle::On.id()}
                aria-describedby={ids.described_by()}
                {onchange}
            />
        </FieldFrame>
    }
}
