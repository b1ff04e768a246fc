//! The frame every field of the form shares: its label (or legend), hint and error message,
//! around the control its component draws. The ids tie them together for screen readers.
//!
//! The error element is always in the page, empty while the value is valid, so screen readers
//! announce a message as it appears.

use yew::prelude::*;

use crate::input::{Field, FieldKind};

/// The element ids of a field's parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIds {
    /// The control (input, textarea or select); radios add their option id to it.
    pub control: String,
    /// The hint.
    pub hint: String,
    /// The error message.
    pub error: String,
}

impl FieldIds {
    /// The ids of `field`'s parts.
    pub fn of(field: Field) -> FieldIds {
        let name = field.id();
        FieldIds {
            control: format!("field-{name}"),
            hint: format!("hint-{name}"),
            error: format!("error-{name}"),
        }
    }

    /// What the control is described by: the hint, then the error.
    pub fn described_by(&self) -> String {
        format!("{} {}", self.hint, self.error)
    }

    /// The same, after a note of the field's group when there is one.
    pub fn described_by_with(&self, note: Option<&str>) -> String {
        match note {
            Some(note) => format!("{note} {}", self.described_by()),
            None => self.described_by(),
        }
    }
}

/// Properties of [`FieldFrame`].
#[derive(Properties, PartialEq)]
pub struct FieldFrameProps {
    /// Which field.
    pub field: Field,
    /// The error message, while the value is invalid.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// The id of a note of its group that also describes a group of radio buttons.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// The control.
    pub children: Html,
}

/// A field's label, hint and error around its control. Radio buttons are a group, so they get
/// a fieldset and legend instead of a label.
#[component]
pub fn FieldFrame(props: &FieldFrameProps) -> Html {
    let field = props.field;
    let ids = FieldIds::of(field);
    let class = classes!("field", props.error.is_some().then_some("is-invalid"));
    let hint = html! { <p class="hint" id={ids.hint.clone()}>{ field.hint() }</p> };
    let error = html! {
        <p class="error" id={ids.error.clone()} data-error={field.id()} aria-live="polite">
            { props.error.clone().unwrap_or_default() }
        </p>
    };
    if field.facts().kind == FieldKind::Radios {
        html! {
            <fieldset class={classes!(class, "radio-group")} aria-describedby={ids.described_by_with(props.note.as_deref())}>
                <legend>{ field.label() }</legend>
                { hint }
                { props.children.clone() }
                { error }
            </fieldset>
        }
    } else if field.facts().kind == FieldKind::Checkbox {
        // A checkbox reads before its label, as forms usually show one.
        html! {
            <div class={classes!(class, "checkbox-field")}>
                <div class="checkbox">
                    { props.children.clone() }
                    <label for={ids.control.clone()}>{ field.label() }</label>
                </div>
                { hint }
                { error }
            </div>
        }
    } else {
        html! {
            <div {class}>
                <label for={ids.control.clone()}>{ field.label() }</label>
                { hint }
                { props.children.clone() }
                { error }
            </div>
        }
    }
}
