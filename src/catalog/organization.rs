//! Facts for the deployment across an AWS Organization.

/// The AWS Config service principal the aggregator's role trusts, as the AWS Config developer
/// guide gives it.
/// Source: <https://docs.aws.amazon.com/config/latest/developerguide/aggregated-create.html>
pub const CONFIG_PRINCIPAL: &str = "config.amazonaws.com";

/// The AWS managed policy that lets AWS Config read the organization for an aggregator; it
/// lives under `/service-role/`.
/// Source: <https://docs.aws.amazon.com/config/latest/developerguide/aggregated-create.html>
pub const AGGREGATOR_POLICY: &str = "AWSConfigRoleForOrganizations";
