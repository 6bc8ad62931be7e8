// Calls Converse through the inference profile the construct created; BEDROCK_PROFILE holds its ARN.
// CommonJS, so that `./outcrop stacks invoke` finds the SDK through NODE_PATH (ES module imports ignore it);
// Lambda's Node.js runtime carries the SDK itself.
const { BedrockRuntimeClient, ConverseCommand } = require("@aws-sdk/client-bedrock-runtime");

const client = new BedrockRuntimeClient({});

exports.handler = async (event) => {
  const reply = await client.send(new ConverseCommand({
    modelId: event.modelId ?? process.env.BEDROCK_PROFILE,
    messages: [{ role: "user", content: [{ text: event.prompt ?? "Say hello." }] }],
  }));
  return { text: reply.output.message.content[0].text, usage: reply.usage };
};
