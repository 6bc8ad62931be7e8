package dev.outcrop.providers.openai;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outcrop.error.BedrockException;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatRequest;
import dev.outcrop.invoke.ContentBlock;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.invoke.InferenceParameters;
import dev.outcrop.invoke.Message;
import dev.outcrop.providers.Tokenizer;
import dev.outcrop.providers.http.Line;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Fuzz target of what an OpenAI-compatible server streams back (Jazzer; docs/security.md): the body's lines, each
 * read as a chunk, then the end of the stream. A server's answer is read into events or refused as a broken
 * answer ({@link IOException}) or a Bedrock error, never another exception; and the usage and confidence it
 * reports are never negative, so a broken or hostile server cannot credit a budget.
 */
class ChunkTranslatorFuzzTest {
    private static final Deployment DEPLOYMENT = new Deployment("meta.llama3-1-8b-instruct-v1:0", "us-east-1",
            "openai", URI.create("http://127.0.0.1:1/v1"), "m", Duration.ofSeconds(1), Duration.ofSeconds(1));
    private static final ChatRequest REQUEST = new ChatRequest(List.of(), List.of(new Message("user",
            List.of(new ContentBlock.Text("hi")))), InferenceParameters.DEFAULTS, List.of(), null, null, null, true);
    private static final Tokenizer TOKENIZER = new Tokenizer();

    @FuzzTest(maxDuration = "2s")
    void aServersChunksAreReadOrRefusedAndNeverCountBelowZero(byte[] body) {
        ChunkTranslator translator = new ChunkTranslator(DEPLOYMENT, REQUEST, TOKENIZER, ChunkTranslatorFuzzTest::check);
        int from = 0;
        try {
            for (int i = 0; i <= body.length; i++) {
                if (i == body.length || body[i] == '\n') {
                    if (i > from) {
                        translator.chunk(new Line(body, from, i));
                    }
                    from = i + 1;
                }
            }
            translator.finish();
        } catch (IOException | BedrockException refused) {
            // a broken answer: the call fails over or fails
        }
    }

    private static void check(ChatEvent event) {
        if (event instanceof ChatEvent.Metadata metadata) {
            var usage = metadata.usage();
            if (usage.inputTokens() < 0 || usage.outputTokens() < 0 || usage.cacheReadInputTokens() < 0
                    || usage.cacheWriteInputTokens() < 0) {
                throw new IllegalStateException("a negative usage: " + usage);
            }
        }
    }
}
