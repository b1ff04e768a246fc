//! A choice field in its [`FieldFrame`]: a select, or radio buttons with a hint each, as the
//! field's facts say.

use yew::prelude::*;

use crate::components::field_frame::{FieldFrame, FieldIds};
use crate::components::on_value;
use crate::input::{Field, FieldKind};

/// Properties of [`ChoiceField`].
#[derive(Properties, PartialEq)]
pub struct ChoiceFieldProps {
    /// Which field.
    pub field: Field,
    /// The chosen option's id.
    pub value: AttrValue,
    /// Called with the field and the newly chosen option's id.
    pub on_edit: Callback<(Field, String)>,
    /// The id of a note of its group that also describes it (such as when it is used).
    #[prop_or_default]
    pub note: Option<AttrValue>,
}

/// The options of [`Field::options`], one chosen.
#[component]
pub fn ChoiceField(props: &ChoiceFieldProps) -> Html {
    let field = props.field;
    let ids = FieldIds::of(field);
    let radios = field.facts().kind == FieldKind::Radios;
    let on_event = on_value(&props.on_edit, field);
    let control = if radios {
        html! {
            { for field.options().iter().map(|option| {
                let id = format!("{}-{}", ids.control, option.id);
                let hint_id = format!("{id}-hint");
                html! {
                    <div class="radio">
                        <input
                            type="radio"
                            id={id.clone()}
                            name={field.id()}
                            value={option.id}
                            checked={props.value == option.id}
                            aria-describedby={(!option.hint.is_empty()).then(|| hint_id.clone())}
                            oninput={on_event.reform(Event::from)}
                            onchange={on_event.clone()}
                        />
                        <label for={id}>{ option.label }</label>
                        if !option.hint.is_empty() {
                            <p class="hint" id={hint_id}>{ option.hint }</p>
                        }
                    </div>
                }
            }) }
        }
    } else {
        html! {
            <select
                id={ids.control.clone()}
                name={field.id()}
                aria-describedby={ids.described_by_with(props.note.as_deref())}
                oninput={on_event.reform(Event::from)}
                onchange={on_event.clone()}
            >
                { for field.options().iter().map(|option| html! {
                    <option value={option.id} selected={props.value == option.id}>{ option.label }</option>
                }) }
            </select>
        }
    };
    html! { <FieldFrame {field} note={props.note.clone()}>{ control }</FieldFrame> }
}
