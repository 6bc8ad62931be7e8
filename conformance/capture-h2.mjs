// Captures requests signed by the AWS SDK for JavaScript v3's runtime client on its default request handler
// (NodeHttp2Handler: h2c with prior knowledge to an http:// endpoint) as SigV4 test vectors.
//
// Usage: node capture-h2.mjs > vectors.json
// A loopback HTTP/2 server records each request exactly as it arrived (its pseudo-headers, headers in order,
// body) and answers 200 {}; the vectors carry the credentials that signed them. SigV4VerifierTest runs it.
import http2 from "node:http2";
import { createRequire } from "node:module";
import {
  BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";

const ACCESS_KEY = "AKIAOUTCROPVECTORS03";
const SECRET_KEY = "kXq2mZ8vR4tY7wB1nC5dF9gH3jL6pS0uOUTCROPKEY";
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEOUTCROP//////////js+session/token==";
const APP_PROFILE = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123xyz789";

const vectors = [];
let name = "";
let token = null;
const server = http2.createServer();
server.on("stream", (stream, headers, flags, rawHeaders) => {
  const chunks = [];
  stream.on("data", (chunk) => chunks.push(chunk));
  stream.on("end", () => {
    const [rawPath, rawQuery = ""] = headers[":path"].split(/\?(.*)/s);
    const pairs = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
      pairs.push([rawHeaders[i], rawHeaders[i + 1]]);
    }
    vectors.push({
      name, method: headers[":method"], rawPath, rawQuery, http2: true, headers: pairs,
      bodyBase64: Buffer.concat(chunks).toString("base64"),
      accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, sessionToken: token,
    });
    stream.respond({ ":status": 200, "content-type": "application/json" });
    stream.end("{}");
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const endpoint = `http://127.0.0.1:${server.address().port}`;

function client(region, sessionToken) {
  return new BedrockRuntimeClient({
    region, endpoint, maxAttempts: 1,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, sessionToken: sessionToken ?? undefined },
  });
}

async function call(next, send) {
  name = next;
  try {
    const out = await send();
    if (out?.stream) {
      for await (const _ of out.stream) { /* drain */ }
    }
    if (out?.body?.[Symbol.asyncIterator]) {
      for await (const _ of out.body) { /* drain */ }
    }
  } catch {
    // the capture server's {} does not parse as every output; the request is what matters
  }
}

const messages = [{ role: "user", content: [{ text: "hi ünïcödé" }] }];
const runtime = client("us-east-1");
await call("js h2 converse with ARN in the path", () => runtime.send(new ConverseCommand({ modelId: APP_PROFILE, messages })));
await call("js h2 converse stream", () => runtime.send(new ConverseStreamCommand({ modelId: "us.amazon.nova-lite-v1:0", messages })));
await call("js h2 invoke model", () => runtime.send(new InvokeModelCommand({
  modelId: "meta.llama3-1-8b-instruct-v1:0", contentType: "application/json", accept: "application/json",
  body: JSON.stringify({ prompt: "hi", max_gen_len: 5 }),
})));
await call("js h2 invoke model with response stream", () => runtime.send(new InvokeModelWithResponseStreamCommand({
  modelId: "meta.llama3-1-8b-instruct-v1:0", body: JSON.stringify({ prompt: "hi", max_gen_len: 5 }),
})));
await call("js h2 count tokens", () => runtime.send(new CountTokensCommand({
  modelId: "anthropic.claude-3-haiku-20240307-v1:0", input: { converse: { messages } },
})));
token = SESSION_TOKEN;
await call("js h2 temporary credentials", () => client("eu-central-1", SESSION_TOKEN).send(new ConverseCommand({
  modelId: "eu.amazon.nova-lite-v1:0", messages,
})));
server.close();

const require = createRequire(import.meta.url);
const version = require("@aws-sdk/client-bedrock-runtime/package.json").version;
process.stdout.write(JSON.stringify({ generator: `AWS SDK for JavaScript v3 ${version} (NodeHttp2Handler)`, vectors }, null, 2) + "\n");
process.exit(0);
