#!/usr/bin/env python3
"""Signs S3 requests with botocore's real client pipeline at a fixed clock and prints JSON.

Input (stdin, JSON):
  {"accessKeyId", "accessKeySecret", "time": "2024-03-05T06:07:08Z",
   "cases": [{"endpoint", "region", "pathStyle", "bucket", "key",
              "method": "PUT"|"GET"|"DELETE"|"PRESIGN", "body" (PUT), "expires" (PRESIGN)}]}
Output (stdout, JSON): {"botocore": version, "results": [{"url", "headers": {name: value}}]}
  header-signed cases: the URL botocore would send and every header it sent;
  presigned cases: the URL only.

Offline: a before-send hook captures each request and stops it before any network I/O.
Payload signing is forced on (the SHA-256 of the body is signed, as LiveSnap does), and
checksums are computed only when required, so the signed headers are the SigV4 essentials.
"""
import datetime
import json
import sys

import botocore
import botocore.auth
import botocore.session
from botocore.config import Config


class Captured(Exception):
    def __init__(self, request):
        super().__init__("captured")
        self.request = request


def main():
    spec = json.load(sys.stdin)
    fixed = datetime.datetime.strptime(spec["time"], "%Y-%m-%dT%H:%M:%SZ")
    # botocore.auth imported get_current_datetime by name; replace it there.
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True: fixed

    session = botocore.session.get_session()
    results = []
    for case in spec["cases"]:
        config = Config(
            signature_version="s3v4",
            s3={
                "addressing_style": "path" if case["pathStyle"] else "virtual",
                "payload_signing_enabled": True,
            },
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 1},
        )
        client = session.create_client(
            "s3",
            region_name=case["region"],
            endpoint_url=case["endpoint"],
            aws_access_key_id=spec["accessKeyId"],
            aws_secret_access_key=spec["accessKeySecret"],
            config=config,
        )
        method = case["method"]
        if method == "PRESIGN":
            url = client.generate_presigned_url(
                "get_object",
                Params={"Bucket": case["bucket"], "Key": case["key"]},
                ExpiresIn=case["expires"],
            )
            results.append({"url": url, "headers": {}})
            continue

        def capture(request, **_kwargs):
            raise Captured(request)

        client.meta.events.register("before-send.s3", capture)
        params = {"Bucket": case["bucket"], "Key": case["key"]}
        try:
            if method == "PUT":
                client.put_object(Body=case["body"].encode("utf-8"), **params)
            elif method == "GET":
                client.get_object(**params)
            elif method == "DELETE":
                client.delete_object(**params)
            else:
                raise SystemExit(f"unknown method {method}")
        except Captured as captured:
            request = captured.request
            headers = {}
            for name, value in request.headers.items():
                headers[name.lower()] = value.decode() if isinstance(value, bytes) else value
            results.append({"url": request.url, "headers": headers})
        else:
            raise SystemExit("botocore sent no request")
    json.dump({"botocore": botocore.__version__, "results": results}, sys.stdout, indent=1,
              ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
