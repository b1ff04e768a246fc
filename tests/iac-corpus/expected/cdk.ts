import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export class FleetStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string) {
    super(scope, id);
    new iam.Role(this, 'Web', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),
        iam.ManagedPolicy.fromManagedPolicyName(this, 'SSMInstanceS3OutputAccessL10', 'SSMInstanceS3OutputAccess'),
        iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy'),
      ],
    });
    const legacy = iam.ManagedPolicy.fromManagedPolicyArn(this, 'Old', 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM');
    const batch = new iam.Role(this, 'Batch', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    batch.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'LegacyAmazonSSMManagedInstanceCore', 'arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore')); // attached at launch
    batch.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'LegacyCloudWatchAgentServerPolicy', 'arn:aws-us-gov:iam::aws:policy/CloudWatchAgentServerPolicy'));
    batch.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'LegacySSMInstanceS3OutputAccess', 'arn:aws-us-gov:iam::111122223333:policy/SSMInstanceS3OutputAccess'));
  }
}
