// One role per function, holding only what that function does; logs go to the function's own log group.

export interface Grant {
  actions: string[];
  resources: $util.Input<string>[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

export function functionRole(
  name: string,
  functionName: string,
  grants: Grant[],
  service = 'lambda.amazonaws.com',
): aws.iam.Role {
  const logGroup = $interpolate`arn:aws:logs:${aws.getRegionOutput().name}:${aws.getCallerIdentityOutput().accountId}:log-group:/aws/lambda/${functionName}`;
  return new aws.iam.Role(`${name}Role`, {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: service }),
    inlinePolicies: [
      {
        name: 'least-privilege',
        policy: aws.iam.getPolicyDocumentOutput({
          statements: [
            {
              actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              resources: [logGroup, $interpolate`${logGroup}:*`],
            },
            ...grants,
          ],
        }).json,
      },
    ],
  });
}

/**
 * Object access under the given prefixes. `list` grants s3:ListBucket on the bucket without a prefix condition:
 * S3 evaluates that permission for GET and HEAD of a missing key too (404 with it, 403 without), and both the
 * ingest reconciliation and LanceDB read a missing key as "not there", not as an error.
 */
export function bucketGrants(
  bucketArn: $util.Output<string>,
  access: { read?: string[]; write?: string[]; list?: boolean },
): Grant[] {
  const objects = (prefixes: string[]) => prefixes.map((prefix) => $interpolate`${bucketArn}/${prefix}*`);
  const grants: Grant[] = [];
  if (access.read?.length) grants.push({ actions: ['s3:GetObject'], resources: objects(access.read) });
  if (access.write?.length) {
    grants.push({
      actions: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: objects(access.write),
    });
  }
  if (access.list) grants.push({ actions: ['s3:ListBucket'], resources: [bucketArn] });
  return grants;
}
