from aws_cdk import Stack, aws_iam as iam
from constructs import Construct


class FleetStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        batch = iam.Role(self, "Batch", assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"))
        batch.add_managed_policy(iam.ManagedPolicy.from_managed_policy_arn(self, "Legacy", f"arn:{Stack.of(self).partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM"))
        iam.Role(
            self,
            "Web",
            assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name("service-role/AmazonEC2RoleforSSM")
            ],
        )
