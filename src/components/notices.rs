//! The plan's notices, each marked by how much attention it asks for.

use yew::prelude::*;

use crate::plan::Notice;

/// Properties of [`Notices`].
#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    /// The notices to show, in plan order.
    pub notices: Vec<Notice>,
}

/// How a notice looks: a CSS class and a short label.
fn tone(notice: &Notice) -> (&'static str, &'static str) {
    match notice {
        Notice::OverQuota { .. }
        | Notice::S3AccessDropped
        | Notice::CloudWatchLogsDropped(_)
        | Notice::UndocumentedBucket(_)
        | Notice::DhmcProfileFirst
        | Notice::OrganizationChinaPrincipal
        | Notice::OrganizationConfigRecording
        | Notice::OrganizationBucketPolicy => ("notice-warning", "Check"),
        Notice::UsersAndGroupsByHand => ("notice-review", "Review by hand"),
        Notice::NothingTicked
        | Notice::Headroom { .. }
        | Notice::RolesDiscovered
        | Notice::CloudWatchAdmin
        | Notice::AwsBucketsOverInternet
        | Notice::AwsBucketsThroughEndpoint
        | Notice::DhmcNeeds
        | Notice::DhmcNotCovered(_)
        | Notice::OrganizationManagementAccount => ("notice-info", "Note"),
    }
}

/// A list of notices; nothing when there are none.
#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    if props.notices.is_empty() {
        return Html::default();
    }
    html! {
        <ul class="notices">
            { for props.notices.iter().map(|n| {
                let (class, label) = tone(n);
                html! {
                    <li class={classes!("notice", class)}>
                        <span class="notice-label">{ label }</span>
                        <span class="notice-text">{ n.message() }</span>
                    </li>
                }
            }) }
        </ul>
    }
}
