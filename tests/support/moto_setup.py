#!/usr/bin/env python3
"""Helpers for tests against a local moto_server with IAM authentication on.

  moto_setup.py setup ENDPOINT BUCKET
      Spends moto's unauthenticated calls (start moto_server with
      INITIAL_NO_AUTH_ACTION_COUNT=4) on IAM CreateUser, CreateAccessKey, PutUserPolicy
      (allow everything) and S3 CreateBucket, then prints {"accessKeyId", "accessKeySecret"}.
      From then on moto checks every request's SigV4 signature against that key.
  moto_setup.py list ENDPOINT BUCKET ACCESS_KEY_ID ACCESS_KEY_SECRET
      Prints the bucket's object keys (JSON list), read back independently of LiveSnap.
"""
import json
import sys

import botocore.session
from botocore.config import Config

REGION = "us-east-1"
POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
})


def client(service, endpoint, key_id, secret):
    return botocore.session.get_session().create_client(
        service, region_name=REGION, endpoint_url=endpoint,
        aws_access_key_id=key_id, aws_secret_access_key=secret,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def setup(endpoint, bucket):
    iam = client("iam", endpoint, "bootstrap", "bootstrap")
    iam.create_user(UserName="livesnap-test")
    key = iam.create_access_key(UserName="livesnap-test")["AccessKey"]
    iam.put_user_policy(UserName="livesnap-test", PolicyName="all", PolicyDocument=POLICY)
    s3 = client("s3", endpoint, key["AccessKeyId"], key["SecretAccessKey"])
    s3.create_bucket(Bucket=bucket)
    print(json.dumps({"accessKeyId": key["AccessKeyId"],
                      "accessKeySecret": key["SecretAccessKey"]}))


def list_keys(endpoint, bucket, key_id, secret):
    s3 = client("s3", endpoint, key_id, secret)
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        keys.extend(item["Key"] for item in page.get("Contents", []))
    print(json.dumps(keys, ensure_ascii=False))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "setup":
        setup(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 6 and sys.argv[1] == "list":
        list_keys(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
