// The conformance scenario, driven by the AWS SDK for JavaScript v3 exactly as it ships: @aws-sdk/client-bedrock
// on its default handler (HTTP/1.1) and @aws-sdk/client-bedrock-runtime on its default handler (NodeHttp2Handler,
// h2c with prior knowledge). ClientConformanceTest runs it against a real `outcrop serve` and reads one line a
// check: PASS <check>, FAIL <check>: <why> or SKIP <check>: <why>. The same checks as scenario_boto3.py and
// ClientScenario.java; the environment names the server, the credentials and the regions with faults.
import {
  BedrockClient, CreateInferenceProfileCommand, DeleteInferenceProfileCommand, GetInferenceProfileCommand,
  ListInferenceProfilesCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand,
} from "@aws-sdk/client-bedrock";
import {
  BedrockAgentClient, CreatePromptCommand, CreatePromptVersionCommand, DeletePromptCommand, GetPromptCommand,
  ListPromptsCommand,
} from "@aws-sdk/client-bedrock-agent";
import {
  BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";

const env = process.env;
const endpoint = env.OUTCROP_ENDPOINT;
const root = { accessKeyId: env.OUTCROP_ACCESS_KEY_ID, secretAccessKey: env.OUTCROP_SECRET_ACCESS_KEY };
const denied = { accessKeyId: env.OUTCROP_DENIED_ACCESS_KEY_ID, secretAccessKey: env.OUTCROP_DENIED_SECRET_ACCESS_KEY };
const REGION = "us-east-1";
const MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
const SYSTEM_PROFILE = `us.${MODEL}`;
const MODEL_ARN = `arn:aws:bedrock:${REGION}::foundation-model/${MODEL}`;
const NAME = `conformance-${env.OUTCROP_CLIENT ?? "js"}`;
const messages = [{ role: "user", content: [{ text: "What is the weather in Lisbon?" }] }];
const toolConfig = {
  tools: [{ toolSpec: { name: "weather", description: "The weather in a city",
    inputSchema: { json: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } } }],
};
const nativeBody = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 50,
  messages: [{ role: "user", content: "Say hello" }] });

const bedrock = new BedrockClient({ region: REGION, endpoint, credentials: root });
const agent = new BedrockAgentClient({ region: REGION, endpoint, credentials: root });
const runtime = (options = {}) => new BedrockRuntimeClient({ region: REGION, endpoint, credentials: root, ...options });
const rt = runtime();

async function check(name, body) {
  try {
    await body();
    console.log(`PASS ${name}`);
  } catch (e) {
    console.log(`FAIL ${name}: ${String(e?.name ?? "")} ${String(e?.message ?? e).replace(/\s+/g, " ")}`);
  }
}

function expect(condition, what) {
  if (!condition) {
    throw new Error(what);
  }
}

async function expectError(name, call) {
  try {
    const out = await call();
    if (out?.stream) {
      for await (const _ of out.stream) { /* the exception arrives as an event */ }
    }
  } catch (e) {
    expect(e.name === name, `expected ${name}, got ${e.name}: ${e.message}`);
    return e;
  }
  throw new Error(`expected ${name}, got success`);
}

const decoder = new TextDecoder();
let profileArn;

await check("runtime client on its default HTTP/2 handler", async () => {
  const handler = rt.config.requestHandler?.constructor?.name;
  expect(handler === "NodeHttp2Handler", `the runtime client's handler is ${handler}`);
});

await check("list system profiles", async () => {
  const out = await bedrock.send(new ListInferenceProfilesCommand({ typeEquals: "SYSTEM_DEFINED" }));
  expect(out.inferenceProfileSummaries.some((p) => p.inferenceProfileId === SYSTEM_PROFILE), "no " + SYSTEM_PROFILE);
});
await check("page profiles", async () => {
  const first = await bedrock.send(new ListInferenceProfilesCommand({ maxResults: 2 }));
  expect(first.inferenceProfileSummaries.length === 2 && first.nextToken, "a first page of 2 with a nextToken");
  const second = await bedrock.send(new ListInferenceProfilesCommand({ maxResults: 2, nextToken: first.nextToken }));
  expect(second.inferenceProfileSummaries[0].inferenceProfileArn !== first.inferenceProfileSummaries[0].inferenceProfileArn,
    "the second page repeats the first");
});
const create = (name) => bedrock.send(new CreateInferenceProfileCommand({
  inferenceProfileName: name, clientRequestToken: `token-${NAME}`,
  modelSource: { copyFrom: `arn:aws:bedrock:${REGION}:123456789012:inference-profile/${SYSTEM_PROFILE}` },
}));
await check("create application profile", async () => {
  profileArn = (await create(NAME)).inferenceProfileArn;
  expect(/:application-inference-profile\//.test(profileArn), "ARN " + profileArn);
});
await check("create again with the same token", async () => {
  expect((await create(NAME)).inferenceProfileArn === profileArn, "another ARN");
});
await check("name conflict", () => bedrock.send(new CreateInferenceProfileCommand({
  inferenceProfileName: NAME, modelSource: { copyFrom: MODEL_ARN },
})).then(() => { throw new Error("expected ConflictException, got success"); },
  (e) => expect(e.name === "ConflictException", `expected ConflictException, got ${e.name}`)));
await check("get application profile", async () => {
  const out = await bedrock.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileArn }));
  expect(out.type === "APPLICATION" && out.status === "ACTIVE" && out.inferenceProfileName === NAME, JSON.stringify(out));
});
await check("tag and list tags", async () => {
  await bedrock.send(new TagResourceCommand({ resourceARN: profileArn, tags: [{ key: "team", value: "a b+c/=@" }] }));
  const out = await bedrock.send(new ListTagsForResourceCommand({ resourceARN: profileArn }));
  expect(out.tags.some((t) => t.key === "team" && t.value === "a b+c/=@"), JSON.stringify(out.tags));
});
await check("untag", async () => {
  await bedrock.send(new UntagResourceCommand({ resourceARN: profileArn, tagKeys: ["team"] }));
  const out = await bedrock.send(new ListTagsForResourceCommand({ resourceARN: profileArn }));
  expect(out.tags.length === 0, JSON.stringify(out.tags));
});

for (const [via, modelId] of [["foundation-model ARN", MODEL_ARN], ["system profile id", SYSTEM_PROFILE],
  ["application profile ARN", profileArn]]) {
  await check(`converse via ${via}`, async () => {
    const out = await rt.send(new ConverseCommand({ modelId, messages }));
    expect(out.output.message.content[0].text.length > 0 && out.usage.outputTokens > 0, JSON.stringify(out.output));
  });
  await check(`converse stream via ${via}`, async () => {
    const out = await rt.send(new ConverseStreamCommand({ modelId, messages, toolConfig }));
    const seen = new Set();
    for await (const event of out.stream) {
      Object.keys(event).forEach((k) => seen.add(k));
    }
    for (const type of ["messageStart", "contentBlockStart", "contentBlockDelta", "contentBlockStop", "messageStop", "metadata"]) {
      expect(seen.has(type), `no ${type} among ${[...seen]}`);
    }
  });
  await check(`invoke model via ${via}`, async () => {
    const out = await rt.send(new InvokeModelCommand({ modelId, body: nativeBody, contentType: "application/json" }));
    const answer = JSON.parse(decoder.decode(out.body));
    expect(answer.type === "message" && answer.content[0].text.length > 0, JSON.stringify(answer));
  });
  await check(`invoke model with response stream via ${via}`, async () => {
    const out = await rt.send(new InvokeModelWithResponseStreamCommand({ modelId, body: nativeBody, contentType: "application/json" }));
    const types = [];
    for await (const event of out.body) {
      types.push(JSON.parse(decoder.decode(event.chunk.bytes)).type);
    }
    expect(types[0] === "message_start" && types.at(-1) === "message_stop", types.join(","));
  });
  await check(`count tokens via ${via}`, async () => {
    const out = await rt.send(new CountTokensCommand({ modelId, input: { converse: { messages } } }));
    expect(out.inputTokens > 0, JSON.stringify(out));
  });
}

// Prompt management: a prompt whose variant runs on the application profile, versioned, run with promptVariables.
let prompt;
let promptVersion;
const promptVariables = { city: { text: "Lisbon" } };
await check("create prompt", async () => {
  const request = { name: NAME, clientToken: `prompt-token-${NAME}-0123456789abcdef`, defaultVariant: "main",
    tags: { team: "conformance" }, variants: [{ name: "main", templateType: "CHAT", modelId: profileArn,
      templateConfiguration: { chat: { system: [{ text: "You answer about {{city}}." }],
        messages: [{ role: "user", content: [{ text: "What is the weather in {{city}}?" }] }],
        inputVariables: [{ name: "city" }] } },
      inferenceConfiguration: { text: { temperature: 0.2, maxTokens: 100 } } }] };
  prompt = await agent.send(new CreatePromptCommand(request));
  expect(prompt.version === "DRAFT" && /:prompt\/[0-9A-Z]{10}$/.test(prompt.arn), JSON.stringify(prompt));
  expect((await agent.send(new CreatePromptCommand(request))).id === prompt.id, "the same token made another prompt");
});
await check("create prompt version", async () => {
  promptVersion = await agent.send(new CreatePromptVersionCommand({ promptIdentifier: prompt.id, description: "v1" }));
  expect(promptVersion.version === "1" && promptVersion.arn === `${prompt.arn}:1`, JSON.stringify(promptVersion));
});
await check("get prompt draft and version", async () => {
  const draft = await agent.send(new GetPromptCommand({ promptIdentifier: prompt.id }));
  const v1 = await agent.send(new GetPromptCommand({ promptIdentifier: prompt.id, promptVersion: "1" }));
  expect(draft.version === "DRAFT" && v1.version === "1" && v1.variants[0].modelId === profileArn, JSON.stringify(v1));
});
await check("list prompts and versions", async () => {
  const all = await agent.send(new ListPromptsCommand({}));
  const versions = await agent.send(new ListPromptsCommand({ promptIdentifier: prompt.id }));
  expect(all.promptSummaries.some((p) => p.id === prompt.id), JSON.stringify(all));
  expect(versions.promptSummaries.map((p) => p.version).join(",") === "DRAFT,1", JSON.stringify(versions));
});
await check("converse through a prompt version", async () => {
  const out = await rt.send(new ConverseCommand({ modelId: promptVersion.arn, promptVariables }));
  expect(out.output.message.content[0].text.length > 0 && out.usage.outputTokens > 0, JSON.stringify(out.output));
});
await check("converse stream through a prompt version", async () => {
  const out = await rt.send(new ConverseStreamCommand({ modelId: promptVersion.arn, promptVariables }));
  let text = "";
  for await (const event of out.stream) {
    text += event.contentBlockDelta?.delta?.text ?? "";
  }
  expect(text.length > 0, "no text");
});
await check("invoke model through a prompt version", async () => {
  const out = await rt.send(new InvokeModelCommand({ modelId: promptVersion.arn, contentType: "application/json",
    body: JSON.stringify({ promptVariables }) }));
  const answer = JSON.parse(decoder.decode(out.body));
  expect(answer.output.message.content[0].text.length > 0, JSON.stringify(answer));
});
await check("prompt ValidationException", async () => {
  const e = await expectError("ValidationException", () => rt.send(new ConverseCommand({
    modelId: promptVersion.arn, promptVariables, system: [{ text: "Be brief." }] })));
  expect(e.message.includes("'system'"), e.message);
});
await check("delete prompt version and prompt", async () => {
  const deleted = await agent.send(new DeletePromptCommand({ promptIdentifier: prompt.id, promptVersion: "1" }));
  expect(deleted.version === "1", JSON.stringify(deleted));
  await agent.send(new DeletePromptCommand({ promptIdentifier: prompt.id }));
  await expectError("ResourceNotFoundException", () => agent.send(new GetPromptCommand({ promptIdentifier: prompt.id })));
});

await check("ValidationException", async () => {
  const e = await expectError("ValidationException", () => rt.send(new ConverseCommand({
    modelId: MODEL, messages, inferenceConfig: { temperature: 5 } })));
  expect(e.message.includes("inferenceConfig.temperature"), e.message);
});
await check("ResourceNotFoundException", () => expectError("ResourceNotFoundException", () => bedrock.send(
  new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileArn.replace(/\/[^/]+$/, "/nosuchprofile1") }))));
await check("AccessDeniedException", () => expectError("AccessDeniedException",
  () => runtime({ credentials: denied }).send(new ConverseCommand({ modelId: MODEL, messages }))));
await check("ThrottlingException", () => expectError("ThrottlingException",
  () => runtime({ region: env.OUTCROP_THROTTLED_REGION }).send(new ConverseCommand({ modelId: MODEL, messages }))));
await check("exception event mid-stream", () => expectError("ModelStreamErrorException",
  () => runtime({ region: env.OUTCROP_CUT_REGION }).send(new ConverseStreamCommand({ modelId: MODEL, messages }))));
await check("wrong secret", () => expectError("InvalidSignatureException", () => runtime({
  credentials: { ...root, secretAccessKey: root.secretAccessKey + "x" } }).send(new ConverseCommand({ modelId: MODEL, messages }))));
await check("API key", async () => {
  process.env.AWS_BEARER_TOKEN_BEDROCK = env.OUTCROP_API_KEY;
  try {
    const out = await new BedrockRuntimeClient({ region: REGION, endpoint }).send(new ConverseCommand({ modelId: MODEL, messages }));
    expect(out.output.message.content[0].text.length > 0, JSON.stringify(out.output));
    const page = await new BedrockClient({ region: REGION, endpoint }).send(new ListInferenceProfilesCommand({ maxResults: 1 }));
    expect(page.inferenceProfileSummaries.length === 1, JSON.stringify(page));
  } finally {
    delete process.env.AWS_BEARER_TOKEN_BEDROCK;
  }
});
// The SDK corrects its clock from the Date of an answer refusing a signature as expired, and signs again.
await check("a clock 20 minutes slow is corrected from the Date header", async () => {
  const skewed = runtime({ systemClockOffset: -20 * 60 * 1000 });
  const out = await skewed.send(new ConverseCommand({ modelId: MODEL, messages }));
  expect(out.$metadata.attempts === 2 && Math.abs(skewed.config.systemClockOffset) < 5 * 60 * 1000,
    `attempts ${out.$metadata.attempts}, offset ${skewed.config.systemClockOffset}`);
});
await check("delete application profile", async () => {
  await bedrock.send(new DeleteInferenceProfileCommand({ inferenceProfileIdentifier: profileArn }));
  await expectError("ResourceNotFoundException",
    () => bedrock.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: profileArn })));
});
process.exit(0);
