package dev.outcrop.providers.openai;

import dev.outcrop.error.ModelTimeoutException;
import dev.outcrop.invoke.Deployment;
import dev.outcrop.providers.http.Line;
import dev.outcrop.providers.http.LineReader;
import dev.outcrop.providers.http.UpstreamResponse;
import java.io.IOException;

/**
 * The server-sent events of a chat completions answer: each {@code data:} line up to {@code [DONE]} handed to the
 * {@link ChunkTranslator}, and a connection that fails or falls silent made the Bedrock error a client acts on
 * (before the first token, one another deployment may take over; after it, a broken stream).
 */
final class CompletionStream {
    private CompletionStream() {}

    /** Reads {@code body} to its end into {@code translator}, then finishes the answer. */
    static void read(Deployment deployment, UpstreamResponse body, ChunkTranslator translator) {
        try {
            LineReader reader = new LineReader(body);
            Line line;
            while ((line = reader.next()) != null) {
                if (!line.startsWith("data:")) {
                    continue; // comments, event names, blank separators
                }
                Line data = line.skip(5).strip();
                if (data.is("[DONE]")) {
                    break;
                }
                translator.chunk(data);
                if (translator.started()) {
                    body.progressed(); // the first token came: only the call's own limit is left
                }
            }
        } catch (IOException e) {
            if (body.timedOut() && !translator.started()) {
                throw BackendErrors.silent(deployment);
            }
            if (!translator.started()) {
                throw BackendErrors.unreachable(deployment, "the connection dropped before an answer: " + e);
            }
            throw BackendErrors.streamBroke(deployment, null, body.timedOut()
                    ? "the answer took longer than " + deployment.timeout().toMillis() + " ms" : "the stream broke off: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body.abort();
            throw new ModelTimeoutException("The call was cancelled while waiting for the model backend.");
        }
        translator.finish();
    }
}
