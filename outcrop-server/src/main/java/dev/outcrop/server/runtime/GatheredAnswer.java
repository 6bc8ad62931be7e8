package dev.outcrop.server.runtime;

import dev.outcrop.invoke.ChatAccumulator;
import dev.outcrop.invoke.ChatEvent;
import dev.outcrop.invoke.ChatResult;
import dev.outcrop.server.Reply;
import java.util.function.Consumer;

/** The answer of a plain (not streamed) reply: the events gathered, rendered once the call is on record. */
final class GatheredAnswer extends AnswerSink {
    /** Renders the gathered answer of a call. */
    @FunctionalInterface
    interface Rendering {
        Reply render(RuntimeCall call, ChatResult result);
    }

    /** Renders the gathered answer of a call, or hands on the upstream's own body ({@code nativeBody}, else null). */
    @FunctionalInterface
    interface NativeRendering {
        Reply render(RuntimeCall call, ChatResult result, byte[] nativeBody);
    }

    private final ChatAccumulator answer = new ChatAccumulator();
    private final NativeRendering rendering;
    private byte[] nativeBody;

    private GatheredAnswer(NativeRendering rendering) {
        this.rendering = rendering;
    }

    /** Runs the answering stages into a gathered answer at once and returns its rendering. */
    static Reply reply(RuntimeCall call, Consumer<AnswerSink> answering, Rendering rendering) {
        return replyNative(call, answering, (c, result, nativeBody) -> rendering.render(c, result));
    }

    /** As {@link #reply}, the rendering told the upstream's own body when a provider handed it on. */
    static Reply replyNative(RuntimeCall call, Consumer<AnswerSink> answering, NativeRendering rendering) {
        answering.accept(new GatheredAnswer(rendering));
        return call.reply();
    }

    @Override
    public void accept(ChatEvent event) {
        answer.accept(event);
    }

    /** The upstream's own answer body, as it came ({@link #nativeBody()}). */
    @Override
    public void nativeAnswer(byte[] payload, boolean last) {
        nativeBody = payload;
    }

    @Override
    Reply complete(RuntimeCall call) {
        return rendering.render(call, answer.result(), nativeBody);
    }
}
