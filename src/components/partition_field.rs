//! The partition select: every ARN the page writes starts with it.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::catalog::Partition;
use crate::components::text_field::ids;
use crate::input::Field;

/// Properties of [`PartitionField`].
#[derive(Properties, PartialEq)]
pub struct PartitionFieldProps {
    /// The chosen partition.
    pub value: Partition,
    /// What the choice does.
    pub hint: AttrValue,
    /// Called with the newly chosen partition.
    pub on_choose: Callback<Partition>,
}

/// A select of [`Partition::ALL`].
#[component]
pub fn PartitionField(props: &PartitionFieldProps) -> Html {
    let (id, hint_id, error_id) = ids(Field::Partition);
    let on_event = {
        let on_choose = props.on_choose.clone();
        Callback::from(move |e: Event| {
            let chosen = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| Partition::from_id(&s.value()));
            if let Some(partition) = chosen {
                on_choose.emit(partition);
            }
        })
    };
    let oninput = on_event.reform(Event::from);
    let onchange = on_event;
    html! {
        <div class="field">
            <label for={id.clone()}>{ Field::Partition.label() }</label>
            <p class="hint" id={hint_id.clone()}>{ props.hint.clone() }</p>
            <select
                {id}
                name={Field::Partition.id()}
                aria-describedby={format!("{hint_id} {error_id}")}
                {oninput}
                {onchange}
            >
                { for Partition::ALL.into_iter().map(|p| html! {
                    <option value={p.id()} selected={p == props.value}>{ p.label() }</option>
                }) }
            </select>
            <p class="error" id={error_id} data-error={Field::Partition.id()} aria-live="polite"></p>
        </div>
    }
}
