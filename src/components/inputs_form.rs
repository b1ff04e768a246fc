//! The details form: every field the plan may read, always in the page, grouped by what uses
//! it, each validated as it is typed.

use std::rc::Rc;

use yew::prelude::*;

use crate::catalog::{Feature, LEGACY_POLICY};
use crate::components::checkbox_field::CheckboxField;
use crate::components::choice_field::ChoiceField;
use crate::components::text_field::TextField;
use crate::input::{Field, FieldKind, S3Route, Selection, Target};
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
    // `note` names the group's "used only when" note while it shows, so a screen reader
    // reading a field also hears that it is not used yet.
    let noted = |field: Field, note: Option<&'static str>| {
        let value = AttrValue::from(s.text(field).to_owned());
        let on_edit = props.on_edit.clone();
        let note = note.map(AttrValue::Static);
        match field.facts().kind {
            FieldKind::Select | FieldKind::Radios => html! {
                <ChoiceField {field} {value} {on_edit} {note} />
            },
            FieldKind::Checkbox => html! {
                <CheckboxField {field} {value} {on_edit} />
            },
            FieldKind::Text | FieldKind::Lines => html! {
                <TextField
                    {field}
                    {value}
                    error={props.derived.error(field).map(AttrValue::from)}
                    {on_edit}
                    {note}
                />
            },
        }
    };
    let field = |field: Field| noted(field, None);
    let s3_on = s.features.contains(&Feature::S3Output);
    let vss_on = s.features.contains(&Feature::VssSnapshots);
    let endpoint_on = s.s3_route == S3Route::VpcEndpoint;
    let hybrid_on = s.hybrid.is_on();
    let organization_on = s.organization.is_on();
    let regions_on = endpoint_on || s.target == Target::Dhmc || hybrid_on || organization_on;
    let inactive = |on: bool| (!on).then_some("is-inactive");
    let note = |on: bool, id: &'static str| (!on).then_some(id);
    let (s3_note, vss_note, endpoint_note, regions_note) = (
        note(s3_on, "note-s3-output"),
        note(vss_on, "note-vss"),
        note(endpoint_on || hybrid_on, "note-vpc-endpoint"),
        note(regions_on, "note-regions"),
    );
    let (hybrid_note, organization_note) = (
        note(hybrid_on, "note-hybrid"),
        note(organization_on, "note-organization"),
    );
    let label = |f: Feature| f.facts().label;
    html! {
        <form class="inputs-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
            <fieldset class="group">
                <legend>{ "Account" }</legend>
                { field(Field::Partition) }
                { field(Field::AccountId) }
            </fieldset>
            <fieldset class="group">
                <legend>{ "Target" }</legend>
                { field(Field::Target) }
            </fieldset>
            <fieldset class="group">
                <legend>{ "Roles" }</legend>
                <p class="group-note">
                    { format!("The instance roles (instance profiles) that carry {} today.", LEGACY_POLICY.name()) }
                </p>
                { field(Field::RoleNames) }
                { field(Field::PoliciesPerRole) }
            </fieldset>
            <fieldset class={classes!("group", inactive(s3_on))}>
                <legend>{ label(Feature::S3Output) }</legend>
                if let Some(id) = s3_note {
                    <p class="group-note" {id}>{ "Used only when S3 command output is ticked." }</p>
                }
                { noted(Field::Bucket, s3_note) }
                { noted(Field::BucketPrefix, s3_note) }
                { noted(Field::KmsKeyArn, s3_note) }
                { noted(Field::S3PolicyName, s3_note) }
            </fieldset>
            <fieldset class={classes!("group", inactive(vss_on))}>
                <legend>{ label(Feature::VssSnapshots) }</legend>
                if let Some(id) = vss_note {
                    <p class="group-note" {id}>{ "Used only when VSS snapshots is ticked." }</p>
                }
                { noted(Field::VssPolicy, vss_note) }
                { noted(Field::VssPolicyName, vss_note) }
            </fieldset>
            <fieldset class="group">
                <legend>{ "Network" }</legend>
                { field(Field::S3Route) }
                <div class={classes!("subgroup", inactive(regions_on))}>
                    if let Some(id) = regions_note {
                        <p class="group-note" {id}>{ "Used only with the VPC endpoint route, Default Host Management, hybrid nodes or an organization." }</p>
                    }
                    { noted(Field::Regions, regions_note) }
                </div>
                <div class={classes!("subgroup", inactive(endpoint_on || hybrid_on))}>
                    if let Some(id) = endpoint_note {
                        <p class="group-note" {id}>{ "Used only with the VPC endpoint route or hybrid nodes." }</p>
                    }
                    { noted(Field::AwsBucketsPolicyName, endpoint_note) }
                </div>
            </fieldset>
            <fieldset class="group">
                <legend>{ "Hybrid nodes" }</legend>
                { field(Field::Hybrid) }
                <div class={classes!("subgroup", inactive(hybrid_on))}>
                    if let Some(id) = hybrid_note {
                        <p class="group-note" {id}>{ "Used only for hybrid nodes." }</p>
                    }
                    { noted(Field::HybridRoleName, hybrid_note) }
                </div>
            </fieldset>
            <fieldset class="group">
                <legend>{ "Organization" }</legend>
                { field(Field::Organization) }
                <div class={classes!("subgroup", inactive(organization_on))}>
                    if let Some(id) = organization_note {
                        <p class="group-note" {id}>{ "Used only across an organization." }</p>
                    }
                    { noted(Field::OuIds, organization_note) }
                </div>
            </fieldset>
        </form>
    }
}
