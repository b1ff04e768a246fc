//! A value of the plan, or why it is not there: the fields it waits for, or why it does not
//! apply. Outputs are built by combining parts, so what blocks an output is exactly what
//! blocks the values it is made of, and nothing has to restate it.

use std::collections::BTreeSet;

use crate::catalog::Feature;
use crate::input::{Field, S3Route, Target, Toggle, VssChoice};

/// A value the plan computes, or why it is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part<T> {
    /// The value.
    Ready(T),
    /// These fields are missing or in error, and the value is made from them.
    Blocked(BTreeSet<Field>),
    /// The value has no place in this selection.
    NotApplicable(Inapplicable),
}

/// Why a value has no place in the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inapplicable {
    /// It belongs to a feature that is not ticked.
    NeedsFeature(Feature),
    /// It is the custom VSS policy, and the managed one is chosen (or VSS is not ticked).
    NeedsCustomVss,
    /// The plan has no customer managed policy to define.
    NoCustomPolicy,
    /// It is for instances that reach S3 through a VPC endpoint, and the route is the internet.
    NeedsVpcEndpoint,
    /// It is for Default Host Management Configuration, and the target is instance profiles.
    NeedsDhmc,
    /// It is for hybrid nodes, and they are not ticked.
    NeedsHybrid,
    /// It is for a deployment across an organization, which is not ticked.
    NeedsOrganization,
    /// A CloudFormation template would need this many resources, more than one may declare.
    TooManyResources(usize),
}

impl Inapplicable {
    /// Why, in words that finish "… does not apply to this selection: ".
    pub fn message(self) -> String {
        match self {
            Inapplicable::NeedsFeature(f) => format!("it needs the {} feature", f.id()),
            Inapplicable::NeedsCustomVss => format!(
                "it needs the {} feature with the custom VSS policy ({})",
                Feature::VssSnapshots.id(),
                choice(Field::VssPolicy, VssChoice::Custom.id())
            ),
            Inapplicable::NoCustomPolicy => format!(
                "there is no customer managed policy to define: that needs {}, {} with {}, or {}",
                Feature::S3Output.id(),
                Feature::VssSnapshots.id(),
                choice(Field::VssPolicy, VssChoice::Custom.id()),
                choice(Field::S3Route, S3Route::VpcEndpoint.id())
            ),
            Inapplicable::NeedsVpcEndpoint => format!(
                "it is for instances that reach S3 through a VPC endpoint ({})",
                choice(Field::S3Route, S3Route::VpcEndpoint.id())
            ),
            Inapplicable::TooManyResources(n) => format!(
                "the template would declare {n} resources, more than the 500 CloudFormation takes in one: use the Terraform file, or split the role list"
            ),
            Inapplicable::NeedsOrganization => format!(
                "it is for a deployment across an AWS Organization ({})",
                choice(Field::Organization, Toggle::On.id())
            ),
            Inapplicable::NeedsHybrid => format!(
                "it is for hybrid and on-premises nodes ({})",
                choice(Field::Hybrid, Toggle::On.id())
            ),
            Inapplicable::NeedsDhmc => format!(
                "it is for Default Host Management Configuration ({})",
                choice(Field::Target, Target::Dhmc.id())
            ),
        }
    }
}

/// A field set to one of its options, as the command line and plan files write it.
fn choice(field: Field, option: &str) -> String {
    format!("{} {option}", field.id())
}

impl<T> Part<T> {
    /// A part blocked by one field.
    pub fn blocked(field: Field) -> Part<T> {
        Part::Blocked(BTreeSet::from([field]))
    }

    /// The value, when ready.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Part::Ready(v) => Some(v),
            Part::Blocked(_) | Part::NotApplicable(_) => None,
        }
    }

    /// The value, when ready, taken.
    pub fn into_ready(self) -> Option<T> {
        match self {
            Part::Ready(v) => Some(v),
            Part::Blocked(_) | Part::NotApplicable(_) => None,
        }
    }

    /// A part of a reference to the value.
    pub fn as_ref(&self) -> Part<&T> {
        match self {
            Part::Ready(v) => Part::Ready(v),
            Part::Blocked(f) => Part::Blocked(f.clone()),
            Part::NotApplicable(why) => Part::NotApplicable(*why),
        }
    }

    /// The value changed by `f`, or the same reason it is not there.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Part<U> {
        match self {
            Part::Ready(v) => Part::Ready(f(v)),
            Part::Blocked(fields) => Part::Blocked(fields),
            Part::NotApplicable(why) => Part::NotApplicable(why),
        }
    }

    /// Both values, or why not: a value that does not apply makes the pair not apply;
    /// otherwise the pair waits for every field either waits for.
    pub fn zip<U>(self, other: Part<U>) -> Part<(T, U)> {
        match (self, other) {
            (Part::NotApplicable(why), _) | (_, Part::NotApplicable(why)) => {
                Part::NotApplicable(why)
            }
            (Part::Ready(a), Part::Ready(b)) => Part::Ready((a, b)),
            (Part::Blocked(mut a), Part::Blocked(b)) => {
                a.extend(b);
                Part::Blocked(a)
            }
            (Part::Blocked(a), Part::Ready(_)) | (Part::Ready(_), Part::Blocked(a)) => {
                Part::Blocked(a)
            }
        }
    }

    /// Every value of `parts`, ready when all are; blocked by every field any waits for.
    /// Parts that do not apply are left out.
    pub fn all(parts: impl IntoIterator<Item = Part<T>>) -> Part<Vec<T>> {
        let mut values = Vec::new();
        let mut blocked = BTreeSet::new();
        for part in parts {
            match part {
                Part::Ready(v) => values.push(v),
                Part::Blocked(fields) => blocked.extend(fields),
                Part::NotApplicable(_) => {}
            }
        }
        if blocked.is_empty() {
            Part::Ready(values)
        } else {
            Part::Blocked(blocked)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_waits_for_every_field_and_not_applicable_wins() {
        let a: Part<u8> = Part::blocked(Field::Bucket);
        let b: Part<u8> = Part::blocked(Field::AccountId);
        assert_eq!(
            a.clone().zip(b),
            Part::Blocked(BTreeSet::from([Field::AccountId, Field::Bucket]))
        );
        assert_eq!(
            a.clone().zip(Part::Ready(1u8)),
            Part::blocked(Field::Bucket)
        );
        let na: Part<u8> = Part::NotApplicable(Inapplicable::NoCustomPolicy);
        assert_eq!(a.zip(na), Part::NotApplicable(Inapplicable::NoCustomPolicy));
        assert_eq!(Part::Ready(1).zip(Part::Ready(2)), Part::Ready((1, 2)));
    }

    #[test]
    fn all_collects_values_or_every_blocking_field() {
        assert_eq!(
            Part::all([
                Part::Ready(1),
                Part::NotApplicable(Inapplicable::NeedsCustomVss)
            ]),
            Part::Ready(vec![1])
        );
        assert_eq!(
            Part::all([Part::Ready(1), Part::blocked(Field::RoleNames)]),
            Part::blocked(Field::RoleNames)
        );
    }
}
