package dev.outcrop.server.runtime;

import dev.outcrop.invoke.ChatEventSink;
import dev.outcrop.invoke.Invocation;
import dev.outcrop.server.Reply;

/**
 * An operation's sink of the model's events, the last link of the one chain provider → attempts → answer.
 * It remembers what a failed call had used, for the usage record.
 */
abstract class AnswerSink implements ChatEventSink {
    private Invocation soFar;

    @Override
    public final void failed(Invocation partial) {
        soFar = partial;
    }

    /** What the call had used when it failed; null when nothing ran. */
    final Invocation soFar() {
        return soFar;
    }

    /**
     * Completes the answer once the usage record is durable: renders a plain reply, or sends what a stream held
     * back until then. Returns the plain reply, or null for a stream.
     */
    abstract Reply complete(RuntimeCall call);
}
