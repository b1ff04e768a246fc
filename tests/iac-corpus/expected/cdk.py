from aws_cdk import Stack, aws_iam as iam
from constructs import Construct


class FleetStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        batch = iam.Role(self, "Batch", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"))
        batch.add_managed_policy(iam.ManagedPolicy.from_managed_policy_arn(self, "LegacyAmazonSSMManagedInstanceCore", f"arn:{Stack.of(self).partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"))
        batch.add_managed_policy(iam.ManagedPolicy.from_managed_policy_arn(self, "LegacyCloudWatchAgentServerPolicy", f"arn:{Stack.of(self).partition}:iam::aws:policy/CloudWatchAgentServerPolicy"))
        batch.add_managed_policy(iam.ManagedPolicy.from_managed_policy_arn(self, "LegacySSMInstanceS3OutputAccess", f"arn:{Stack.of(self).partition}:iam::111122223333:policy/SSMInstanceS3OutputAccess"))
        iam.Role(
            self,
            "Web",
            assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name("AmazonSSMManagedInstanceCore"),
                iam.ManagedPolicy.from_aws_managed_policy_name("CloudWatchAgentServerPolicy"),
                iam.ManagedPolicy.from_managed_policy_name(self, "SSMInstanceS3OutputAccessL15", "SSMInstanceS3OutputAccess")
            ],
        )
