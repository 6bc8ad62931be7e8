// Calls Converse through the inference profile the construct created; BEDROCK_PROFILE holds its ARN.
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";

const client = new BedrockRuntimeClient({});

export const handler = async (event) => {
  const reply = await client.send(new ConverseCommand({
    modelId: event.modelId ?? process.env.BEDROCK_PROFILE,
    messages: [{ role: "user", content: [{ text: event.prompt ?? "Say hello." }] }],
  }));
  return { text: reply.output.message.content[0].text, usage: reply.usage };
};
