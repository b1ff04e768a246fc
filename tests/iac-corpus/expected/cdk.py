from aws_cdk import Stack, aws_iam as iam
from constructs import Construct


class FleetStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        iam.Role(
            self,
            "Web",
            assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name("AmazonSSMManagedInstanceCore"),
                iam.ManagedPolicy.from_aws_managed_policy_name("CloudWatchAgentServerPolicy"),
                iam.ManagedPolicy.from_managed_policy_name(self, "SSMInstanceS3OutputAccessL13", "SSMInstanceS3OutputAccess")
            ],
        )
