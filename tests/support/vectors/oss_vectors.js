#!/usr/bin/env node
// Signs OSS requests with the official ali-oss SDK at a fixed clock and prints JSON.
//
// Input (stdin, JSON):
//   {"accessKeyId", "accessKeySecret", "region": "oss-cn-hangzhou", "bucket",
//    "time": "2024-03-05T06:07:08Z",
//    "cases": [{"key", "method": "PUT"|"GET"|"DELETE"|"PRESIGN", "body" (PUT),
//               "expires" (PRESIGN)}]}
// Output (stdout, JSON): {"aliOss": version, "results": [{"v1": {...}, "v4": {...}}]}
//   header-signed cases: {"url", "headers"} as the SDK would send them (put/get/delete);
//   PRESIGN cases: {"url"} from signatureUrl (V1) and signatureUrlV4 (V4).
//
// Offline: the SDK's HTTP client (options.urllib) is replaced by one that records the
// request and answers 200 without touching the network. The clock is fixed by replacing
// the global Date with a subclass whose "now" is the given time.
'use strict';

const fs = require('fs');

const OSS = require('ali-oss');
const aliOssVersion = require('ali-oss/package.json').version;

function fixClock(iso) {
  const fixedMs = Date.parse(iso);
  const RealDate = Date;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) {
        super(fixedMs);
      } else {
        super(...args);
      }
    }
    static now() {
      return fixedMs;
    }
  }
  global.Date = FixedDate;
}

function recordingClient(spec, authorizationV4, sent) {
  return new OSS({
    region: spec.region,
    accessKeyId: spec.accessKeyId,
    accessKeySecret: spec.accessKeySecret,
    bucket: spec.bucket,
    secure: true,
    authorizationV4,
    urllib: {
      request: async (url, params) => {
        sent.push({ url, headers: { ...params.headers } });
        const headers = { etag: '"0"', 'content-length': '0' };
        return { status: params.method === 'DELETE' ? 204 : 200, headers, data: Buffer.alloc(0),
                 res: { status: 200, statusCode: 200, headers, size: 0, rt: 0 } };
      },
    },
  });
}

function lowerCaseHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && value !== null) {
      out[name.toLowerCase()] = String(value);
    }
  }
  return out;
}

async function sign(spec, authorizationV4, item) {
  const sent = [];
  const client = recordingClient(spec, authorizationV4, sent);
  if (item.method === 'PRESIGN') {
    if (authorizationV4) {
      return { url: await client.signatureUrlV4('GET', item.expires, {}, item.key) };
    }
    return { url: client.signatureUrl(item.key, { expires: item.expires, method: 'GET' }) };
  }
  if (item.method === 'PUT') {
    await client.put(item.key, Buffer.from(item.body, 'utf8'));
  } else if (item.method === 'GET') {
    await client.get(item.key);
  } else if (item.method === 'DELETE') {
    await client.delete(item.key);
  } else {
    throw new Error(`unknown method ${item.method}`);
  }
  if (sent.length !== 1) {
    throw new Error(`expected one request, the SDK sent ${sent.length}`);
  }
  return { url: sent[0].url, headers: lowerCaseHeaders(sent[0].headers) };
}

async function main() {
  const spec = JSON.parse(fs.readFileSync(0, 'utf8'));
  fixClock(spec.time);
  const results = [];
  for (const item of spec.cases) {
    results.push({ v1: await sign(spec, false, item), v4: await sign(spec, true, item) });
  }
  process.stdout.write(`${JSON.stringify({ aliOss: aliOssVersion, results }, null, 1)}\n`);
}

main().catch(error => {
  process.stderr.write(`oss_vectors.js: ${error.stack || error}\n`);
  process.exit(1);
});
