//! A labelled text field (one line, or a textarea) with its hint and its error message.
//!
//! The error element is always in the page, empty while the value is valid, so screen
//! readers announce a message as it appears.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::input::Field;

/// Properties of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Which field.
    pub field: Field,
    /// The text as typed.
    pub value: AttrValue,
    /// What is allowed and when the field is needed.
    pub hint: AttrValue,
    /// The error message, while the value is invalid.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// An example value.
    #[prop_or_default]
    pub example: Option<AttrValue>,
    /// A textarea (one entry a line) instead of a one-line input.
    #[prop_or_default]
    pub multiline: bool,
    /// The `inputmode` hint for on-screen keyboards.
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// Called with the field and its new text on every `input` and `change`.
    pub on_edit: Callback<(Field, String)>,
}

/// The element ids a field's parts use.
pub fn ids(field: Field) -> (String, String, String) {
    let name = field.id();
    (
        format!("field-{name}"),
        format!("hint-{name}"),
        format!("error-{name}"),
    )
}

/// A text field.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let field = props.field;
    let (id, hint_id, error_id) = ids(field);
    let on_event = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: Event| {
            let text = e
                .target_dyn_into::<HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    e.target_dyn_into::<HtmlTextAreaElement>()
                        .map(|t| t.value())
                });
            if let Some(text) = text {
                on_edit.emit((field, text));
            }
        })
    };
    let oninput = on_event.reform(Event::from);
    let onchange = on_event;
    let invalid = props.error.is_some();
    let aria_invalid = if invalid { "true" } else { "false" };
    let described_by = format!("{hint_id} {error_id}");
    let control = if props.multiline {
        html! {
            <textarea
                id={id.clone()}
                name={field.id()}
                value={props.value.clone()}
                rows="4"
                spellcheck="false"
                autocomplete="off"
                placeholder={props.example.clone()}
                aria-invalid={aria_invalid}
                aria-describedby={described_by}
                {oninput}
                {onchange}
            />
        }
    } else {
        html! {
            <input
                type="text"
                id={id.clone()}
                name={field.id()}
                value={props.value.clone()}
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                inputmode={props.inputmode.clone()}
                placeholder={props.example.clone()}
                aria-invalid={aria_invalid}
                aria-describedby={described_by}
                {oninput}
                {onchange}
            />
        }
    };
    html! {
        <div class={classes!("field", invalid.then_some("is-invalid"))}>
            <label for={id}>{ field.label() }</label>
            <p class="hint" id={hint_id}>{ props.hint.clone() }</p>
            { control }
            <p class="error" id={error_id} data-error={field.id()} aria-live="polite">
                { props.error.clone().unwrap_or_default() }
            </p>
        </div>
    }
}
