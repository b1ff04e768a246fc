//! The planner page's Yew components, one a file: a thin view over [`crate::state`] and the
//! core. They hold no planning knowledge; what they show comes from the plan and the catalog.

pub mod action_reason;
pub mod app;
pub mod browser;
pub mod changes_in_permissions;
pub mod checkbox_field;
pub mod choice_field;
pub mod copy_button;
pub mod denial_explainer;
pub mod download_button;
pub mod estate_import;
pub mod feature_checklist;
pub mod feature_option;
pub mod feature_table;
pub mod field_frame;
pub mod inputs_form;
pub mod notices;
pub mod output_block;
pub mod outputs;
pub mod required_policies;
pub mod template_rewrite;
pub mod text_field;

use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::{Callback, Event, TargetCast};

use crate::input::Field;

/// A handler for a control's `change` (and, through `Event::from`, `input`) events that reads
/// the control's value and emits it with its field. A radio fires these only when it becomes
/// checked, so its value is always the newly chosen one.
pub fn on_value(on_edit: &Callback<(Field, String)>, field: Field) -> Callback<Event> {
    let on_edit = on_edit.clone();
    Callback::from(move |e: Event| {
        if let Some(text) = event_text(&e) {
            on_edit.emit((field, text));
        }
    })
}

/// The value of the input, textarea or select an event comes from.
fn event_text(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| {
            e.target_dyn_into::<HtmlTextAreaElement>()
                .map(|t| t.value())
        })
        .or_else(|| e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value()))
}

/// A shared value compared by identity: the derived plan (the reducer makes a new one on every
/// change) or an import (megabytes, and a new paste is a new import). A memo keyed by it
/// recomputes when the value is replaced, not on every other render, and never compares
/// contents.
pub struct Same<T>(pub std::rc::Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Words joined as a sentence says them: "A", "A and B", "A, B and C".
pub fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The labels of fields, joined as a sentence says them.
pub fn field_list(fields: &[Field]) -> String {
    and_list(&fields.iter().map(|f| f.label()).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(field_list(&[]), "");
        assert_eq!(field_list(&[Field::AccountId]), "Account id");
        assert_eq!(
            field_list(&[Field::AccountId, Field::Bucket, Field::RoleNames]),
            "Account id, Output bucket and Role names"
        );
        assert_eq!(and_list(&["A", "B"]), "A and B");
    }
}
