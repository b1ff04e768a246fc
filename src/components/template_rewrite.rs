//! Templates that still name the old policy: the user pastes a CloudFormation template, a
//! Terraform file or CDK source, and the page shows it rewritten to the plan, the diff, and
//! what it could not rewrite. The source stays in this component's memory only.

use std::rc::Rc;

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::Same;
use crate::crash::{self, Activity};
use crate::rewrite::rewrite;
use crate::state::Derived;

/// Properties of [`TemplateRewrite`].
#[derive(Properties, PartialEq)]
pub struct TemplateRewriteProps {
    /// The derived plan the source is rewritten to.
    pub derived: Rc<Derived>,
}

/// One text output of the rewrite, titled.
fn block(id: &'static str, title: &'static str, text: String) -> Html {
    let title_id = format!("output-title-{id}");
    html! {
        <>
            <h3 id={title_id.clone()}>{ title }</h3>
            <pre class="code" data-output={id} tabindex="0" aria-labelledby={title_id}><code>{ text }</code></pre>
        </>
    }
}

/// The paste box, its message, and the rewritten source, its diff and its findings.
#[component]
pub fn TemplateRewrite(props: &TemplateRewriteProps) -> Html {
    let pasted = use_state(|| Rc::<str>::from(""));
    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                crash::note(Activity::RewritingTemplate);
                pasted.set(Rc::from(area.value()));
            }
        })
    };
    // Rewritten when the source or the plan changes, not on every render of the page.
    let result = use_memo(
        ((*pasted).clone(), Same(props.derived.clone())),
        |(pasted, plan)| (!pasted.trim().is_empty()).then(|| rewrite(&plan.0.plan, pasted)),
    );
    let (error, shown) = match result.as_ref() {
        None => (None, None),
        Some(Err(e)) => (Some(e.to_string()), None),
        Some(Ok(r)) => (None, Some(r.clone())),
    };
    let invalid = if error.is_some() { "true" } else { "false" };
    html! {
        <>
            <div class={classes!("field", error.is_some().then_some("is-invalid"))}>
                <label for="field-iac-source">{ "A template or source file" }</label>
                <p class="hint" id="hint-iac-source">
                    { "Paste a CloudFormation template (YAML or JSON), a Terraform file, or CDK source in TypeScript or Python. Every reference to the old policy is rewritten to the plan's policies in the same form, and everything else is left as it is; what cannot be rewritten safely is listed with its line. It is kept in this page only." }
                </p>
                <textarea
                    id="field-iac-source"
                    name="iac-source"
                    rows="6"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid={invalid}
                    aria-describedby="hint-iac-source error-iac-source"
                    value={pasted.to_string()}
                    {oninput}
                />
                <p class="error" id="error-iac-source" data-error="iac-source" aria-live="polite">
                    { error.unwrap_or_default() }
                </p>
            </div>
            if let Some(r) = shown {
                { block("iac-findings", "Left as it was", if r.findings.is_empty() {
                    "Nothing: every reference was rewritten.".to_owned()
                } else {
                    r.findings.iter().map(|f| format!("line {}: {}\n", f.line, f.message)).collect()
                }) }
                { block("iac-diff", "What changes", r.diff("template")) }
                { block("iac-rewritten", "Rewritten", r.text) }
            }
        </>
    }
}
