//! The details form: every field the plan may read, always in the page, grouped by what uses
//! it, each validated as it is typed.

use std::rc::Rc;

use yew::prelude::*;

use crate::catalog::{Feature, LEGACY_POLICY};
use crate::components::choice_field::ChoiceField;
use crate::components::text_field::TextField;
use crate::input::{Field, FieldKind, S3Route, Selection};
use crate::state::Derived;

/// Properties of [`InputsForm`].
#[derive(Properties, PartialEq)]
pub struct InputsFormProps {
    /// The selection as typed.
    pub selection: Selection,
    /// The derived plan, for the error messages.
    pub derived: Rc<Derived>,
    /// Called with a field and its new text or option.
    pub on_edit: Callback<(Field, String)>,
}

/// The form.
#[component]
pub fn InputsForm(props: &InputsFormProps) -> Html {
    let s = &props.selection;
    let field = |field: Field| {
        let value = AttrValue::from(s.text(field).to_owned());
        let on_edit = props.on_edit.clone();
        match field.facts().kind {
            FieldKind::Select | FieldKind::Radios => html! {
                <ChoiceField {field} {value} {on_edit} />
            },
            FieldKind::Text | FieldKind::Lines => html! {
                <TextField
                    {field}
                    {value}
                    error={props.derived.error(field).map(AttrValue::from)}
                    {on_edit}
                />
            },
        }
    };
    let s3_on = s.features.contains(&Feature::S3Output);
    let vss_on = s.features.contains(&Feature::VssSnapshots);
    let endpoint_on = s.s3_route == S3Route::VpcEndpoint;
    let inactive = |on: bool| (!on).then_some("is-inactive");
    let label = |f: Feature| f.facts().label;
    html! {
        <form class="inputs-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
            <fieldset class="group">
                <legend>{ "Account" }</legend>
                { field(Field::Partition) }
                { field(Field::AccountId) }
            </fieldset>
            <fieldset class="group">
                <legend>{ "Roles" }</legend>
                <p class="group-note">
                    { format!("The instance roles (instance profiles) that carry {} today.", LEGACY_POLICY.name()) }
                </p>
                { field(Field::RoleNames) }
            </fieldset>
            <fieldset class={classes!("group", inactive(s3_on))}>
                <legend>{ label(Feature::S3Output) }</legend>
                if !s3_on {
                    <p class="group-note">{ "Used only when S3 command output is ticked." }</p>
                }
                { field(Field::Bucket) }
                { field(Field::BucketPrefix) }
                { field(Field::KmsKeyArn) }
                { field(Field::S3PolicyName) }
            </fieldset>
            <fieldset class={classes!("group", inactive(vss_on))}>
                <legend>{ label(Feature::VssSnapshots) }</legend>
                if !vss_on {
                    <p class="group-note">{ "Used only when VSS snapshots is ticked." }</p>
                }
                { field(Field::VssPolicy) }
                { field(Field::VssPolicyName) }
            </fieldset>
            <fieldset class="group">
                <legend>{ "Network" }</legend>
                { field(Field::S3Route) }
                <div class={classes!("subgroup", inactive(endpoint_on))}>
                    if !endpoint_on {
                        <p class="group-note">{ "Used only with the VPC endpoint route." }</p>
                    }
                    { field(Field::Regions) }
                    { field(Field::AwsBucketsPolicyName) }
                </div>
            </fieldset>
        </form>
    }
}
