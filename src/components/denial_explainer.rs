//! Explain a denial: the user pastes what failed after the move, and the page says what was
//! denied, which policy allows it and whether the move removed it. What is pasted stays in
//! this component's memory: never in the address or storage, as it names the account.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::crash::{self, Activity};
use crate::denial;
use crate::render::denial::text as explanation_text;
use crate::state::Derived;

/// Properties of [`DenialExplainer`].
#[derive(Properties, PartialEq)]
pub struct DenialExplainerProps {
    /// The derived plan the denial is explained against.
    pub derived: Rc<Derived>,
}

/// The paste box, its message and the explanation.
#[component]
pub fn DenialExplainer(props: &DenialExplainerProps) -> Html {
    let pasted = use_state(|| Rc::<str>::from(""));
    // Reading a large paste again only when it changes, not when the plan does.
    let parsed = use_memo(pasted.clone(), |text| {
        (!text.trim().is_empty()).then(|| denial::parse(text))
    });
    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                crash::note(Activity::ExplainingDenial);
                pasted.set(Rc::from(area.value()));
            }
        })
    };
    let plan = &props.derived.plan;
    let (error, explained) = match parsed.as_ref() {
        None => (None, None),
        Some(Err(e)) => (Some(e.to_string()), None),
        Some(Ok(denials)) => {
            let explanations: Vec<_> = denials.iter().map(|d| denial::explain(plan, d)).collect();
            (None, Some(explanation_text(plan, &explanations)))
        }
    };
    let invalid = if error.is_some() { "true" } else { "false" };
    html! {
        <>
            <div class={classes!("field", error.is_some().then_some("is-invalid"))}>
                <label for="field-denial">{ "What was denied" }</label>
                <p class="hint" id="hint-denial">
                    { "Paste an AccessDenied message from the AWS CLI or an SDK, a line of the SSM Agent's errors.log, or a CloudTrail event (JSON). It is read here, against the plan above, and kept in this page only: never in its address or storage." }
                </p>
                <textarea
                    id="field-denial"
                    name="denial"
                    rows="5"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid={invalid}
                    aria-describedby="hint-denial error-denial"
                    value={pasted.to_string()}
                    {oninput}
                />
                <p class="error" id="error-denial" data-error="denial" aria-live="polite">
                    { error.unwrap_or_default() }
                </p>
            </div>
            if let Some(text) = explained {
                <h3 id="denial-explained-title">{ "Explained" }</h3>
                <pre
                    class="code code-wrap"
                    data-output="denial-explained"
                    tabindex="0"
                    aria-labelledby="denial-explained-title"
                ><code>{ text }</code></pre>
            }
        </>
    }
}
