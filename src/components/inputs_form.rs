//! The details form: every field the plan may read, always in the page, grouped by what uses
//! it, each validated as it is typed.

use std::rc::Rc;

use yew::prelude::*;

use crate::catalog::{Feature, LEGACY_POLICY, Partition};
use crate::components::partition_field::PartitionField;
use crate::components::text_field::TextField;
use crate::components::vss_choice_field::VssChoiceField;
use crate::input::{Field, Selection, VssChoice};
use crate::state::Derived;

/// Properties of [`InputsForm`].
#[derive(Properties, PartialEq)]
pub struct InputsFormProps {
    /// The selection as typed.
    pub selection: Selection,
    /// The derived plan, for the error messages.
    pub derived: Rc<Derived>,
    /// Called with a field and its new text.
    pub on_edit: Callback<(Field, String)>,
    /// Called with a newly chosen partition.
    pub on_choose_partition: Callback<Partition>,
    /// Called with a new VSS choice.
    pub on_choose_vss: Callback<VssChoice>,
}

/// What a text field says it accepts, and when it is needed.
fn hint(field: Field) -> &'static str {
    match field {
        Field::Partition => {
            "Where the roles live. Every ARN in the outputs is written for this partition."
        }
        Field::AccountId => {
            "12 digits. Needed for S3 command output and for the custom VSS policy: it owns the customer managed policies."
        }
        Field::Bucket => {
            "Needed for S3 command output: the bucket instances write output to. 3-63 characters of a-z, 0-9, '.' and '-'."
        }
        Field::BucketPrefix => {
            "Optional: the key prefix output goes under, such as ssm/output. Letters, digits, '/' and ! - _ . ' ( ); no wildcards or spaces."
        }
        Field::KmsKeyArn => {
            "Optional: when the bucket is encrypted with a customer managed KMS key, its key ARN (an alias will not do)."
        }
        Field::RoleNames => {
            "Optional: the instance roles to update, one name a line (names, not ARNs). Empty: every role that carries the old policy."
        }
        Field::S3PolicyName => {
            "The name of the customer managed S3 output policy: 1-128 letters, digits and + = . @ _ - (no comma)."
        }
        Field::VssPolicyName => {
            "Used with the custom VSS policy: 1-128 letters, digits and + = . @ _ - (no comma); not the S3 policy's name."
        }
    }
}

/// An example value shown in an empty field.
fn example_value(field: Field) -> Option<AttrValue> {
    let example = match field {
        Field::AccountId => "111122223333",
        Field::Bucket => "my-ssm-output",
        Field::BucketPrefix => "ssm/output",
        Field::KmsKeyArn => "arn:aws:kms:us-east-1:111122223333:key/…",
        Field::RoleNames => "web-servers\nbatch-workers",
        Field::Partition | Field::S3PolicyName | Field::VssPolicyName => return None,
    };
    Some(AttrValue::Static(example))
}

/// The form.
#[component]
pub fn InputsForm(props: &InputsFormProps) -> Html {
    let s = &props.selection;
    let text = |field: Field| {
        html! {
            <TextField
                {field}
                value={AttrValue::from(s.text(field).to_owned())}
                hint={AttrValue::Static(hint(field))}
                error={props.derived.error(field).map(AttrValue::from)}
                example={example_value(field)}
                multiline={field == Field::RoleNames}
                inputmode={(field == Field::AccountId).then_some(AttrValue::Static("numeric"))}
                on_edit={props.on_edit.clone()}
            />
        }
    };
    let s3_on = s.features.contains(&Feature::S3Output);
    let vss_on = s.features.contains(&Feature::VssSnapshots);
    let inactive = |on: bool| (!on).then_some("is-inactive");
    html! {
        <form class="inputs-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())} novalidate=true>
            <fieldset class="group">
                <legend>{ "Account" }</legend>
                <PartitionField
                    value={s.partition}
                    hint={AttrValue::Static(hint(Field::Partition))}
                    on_choose={props.on_choose_partition.clone()}
                />
                { text(Field::AccountId) }
            </fieldset>
            <fieldset class="group">
                <legend>{ "Roles" }</legend>
                <p class="group-note">
                    { format!("The instance roles (instance profiles) that carry {} today.", LEGACY_POLICY.name()) }
                </p>
                { text(Field::RoleNames) }
            </fieldset>
            <fieldset class={classes!("group", inactive(s3_on))}>
                <legend>{ Feature::S3Output.label() }</legend>
                if !s3_on {
                    <p class="group-note">{ "Used only when S3 command output is ticked." }</p>
                }
                { text(Field::Bucket) }
                { text(Field::BucketPrefix) }
                { text(Field::KmsKeyArn) }
                { text(Field::S3PolicyName) }
            </fieldset>
            <fieldset class={classes!("group", inactive(vss_on))}>
                <legend>{ Feature::VssSnapshots.label() }</legend>
                if !vss_on {
                    <p class="group-note">{ "Used only when VSS snapshots is ticked." }</p>
                }
                <VssChoiceField value={s.vss_policy} on_choose={props.on_choose_vss.clone()} />
                { text(Field::VssPolicyName) }
            </fieldset>
        </form>
    }
}
