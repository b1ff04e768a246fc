//! A text field (one line, or a textarea for one entry a line) in its [`FieldFrame`].

use yew::prelude::*;

use crate::components::field_frame::{FieldFrame, FieldIds};
use crate::components::on_value;
use crate::input::{Field, FieldKind};

/// Properties of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Which field.
    pub field: Field,
    /// The text as typed.
    pub value: AttrValue,
    /// The error message, while the value is invalid.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The id of a note of its group that also describes it (such as when it is used).
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Called with the field and its new text on every `input` and `change`.
    pub on_edit: Callback<(Field, String)>,
}

/// A text field.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let field = props.field;
    let ids = FieldIds::of(field);
    let on_event = on_value(&props.on_edit, field);
    let oninput = on_event.reform(Event::from);
    let onchange = on_event;
    let facts = field.facts();
    let aria_invalid = if props.error.is_some() {
        "true"
    } else {
        "false"
    };
    let example = facts.example.map(AttrValue::Static);
    let described_by = ids.described_by_with(props.note.as_deref());
    let control = if facts.kind == FieldKind::Lines {
        html! {
            <textarea
                id={ids.control.clone()}
                name={field.id()}
                value={props.value.clone()}
                rows="4"
                spellcheck="false"
                autocomplete="off"
                placeholder={example}
                aria-invalid={aria_invalid}
                aria-describedby={described_by.clone()}
                {oninput}
                {onchange}
            />
        }
    } else {
        // Account ids are digits: a numeric keyboard on phones.
        let inputmode = (field == Field::AccountId).then_some("numeric");
        html! {
            <input
                type="text"
                id={ids.control.clone()}
                name={field.id()}
                value={props.value.clone()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                {inputmode}
                placeholder={example}
                aria-invalid={aria_invalid}
                aria-describedby={described_by.clone()}
                {oninput}
                {onchange}
            />
        }
    };
    html! {
        <FieldFrame {field} error={props.error.clone()}>{ control }</FieldFrame>
    }
}
